#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

/// How many threads besides the main one prx needs before it can do anything: Swift's pool (one per core, two at
/// least on the machines prx runs on) and Dispatch's manager.
enum { csystem_threads_needed = 3 };

/// Blocks until the main thread closes the pipe's writing end.
static void *csystem_headroom_thread(void *pipe_read_end) {
    char byte;
    while (read(*(int *)pipe_read_end, &byte, 1) < 0 && errno == EINTR) {}
    return NULL;
}

/// Tries, before `main`, to have ``csystem_threads_needed`` threads at once, and ends prx with one line and exit
/// status 2 when the process limit (`ulimit -u`, a cgroup's `pids.max`) refuses one.
///
/// Why: Swift's first step off the main thread needs a thread of Dispatch's, and Dispatch, refused one, retries
/// every second for as long as the refusal lasts, so that a user at the limit (their other jobs holding it) saw
/// even `prx --help`, `--list-workers` or `-k` hang, printing nothing. The threads end at once, giving their places
/// back to the ones Swift and Dispatch make. A limit reached later is met where prx makes its threads (the signal
/// reader, the process monitor) and where tasks start.
__attribute__((constructor)) static void csystem_check_thread_headroom(void) {
    int ends[2];
    if (pipe(ends) != 0) return;
    pthread_t threads[csystem_threads_needed];
    int made = 0;
    int failure = 0;
    while (made < csystem_threads_needed) {
        failure = pthread_create(&threads[made], NULL, csystem_headroom_thread, &ends[0]);
        if (failure != 0) break;
        made += 1;
    }
    close(ends[1]);
    for (int index = 0; index < made; index++) pthread_join(threads[index], NULL);
    close(ends[0]);
    if (failure != EAGAIN) return;
    static const char message[] =
        "prx: error: cannot start a thread: the process limit is reached (ulimit -u, or the cgroup's pids.max), "
        "or memory is short\n";
    ssize_t written = write(STDERR_FILENO, message, sizeof message - 1);
    (void)written;
    _exit(2);
}
