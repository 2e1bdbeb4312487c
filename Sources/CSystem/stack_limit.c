#define _GNU_SOURCE
#include "csystem.h"

#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

/// The smallest stack limit (`ulimit -s`) under which prx's main thread runs: Swift's runtime, building the metadata
/// of prx's first types there, needs about 24 KiB, and the limit also holds the environment and arguments.
enum { csystem_main_stack_needed = 64 * 1024 };

/// Ends prx before `main`, with one line and exit status 2, when the stack limit leaves its main thread too little
/// stack (``csystem_main_stack_needed``): under `ulimit -s 16`, prx died of a segmentation fault with no word. The
/// limit is the main thread's, and tasks inherit it, so prx does not raise it.
__attribute__((constructor)) static void csystem_check_main_stack(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_STACK, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return;
    if (limit.rlim_cur >= csystem_main_stack_needed) return;
    char message[128];
    int length = snprintf(
        message, sizeof message, "prx: error: the stack limit is %llu KiB (ulimit -s): prx needs at least %d KiB\n",
        (unsigned long long)limit.rlim_cur / 1024, csystem_main_stack_needed / 1024);
    if (length > 0 && (size_t)length < sizeof message) {
        ssize_t written = write(STDERR_FILENO, message, (size_t)length);
        (void)written;
    }
    _exit(2);
}

/// Gives the threads made without a stack size of their own (Swift's pool, Dispatch's) a stack of at least
/// ``CSYSTEM_OWN_THREAD_STACK_SIZE``, before `main`.
///
/// Why: the C library gives such a thread a stack of the stack limit's size, and under `ulimit -s 32` Swift's runtime,
/// building a type's metadata on a pool thread as `prx --help` or a run began, overflowed its 32 KiB and prx died of
/// a segmentation fault, with no word. The stack limit is the main thread's; a larger default is kept.
__attribute__((constructor)) static void csystem_raise_thread_stack_floor(void) {
    pthread_attr_t defaults;
    if (pthread_getattr_default_np(&defaults) != 0) return;
    size_t size = 0;
    if (pthread_attr_getstacksize(&defaults, &size) == 0 && size < CSYSTEM_OWN_THREAD_STACK_SIZE
        && pthread_attr_setstacksize(&defaults, CSYSTEM_OWN_THREAD_STACK_SIZE) == 0)
    {
        pthread_setattr_default_np(&defaults);
    }
    pthread_attr_destroy(&defaults);
}
