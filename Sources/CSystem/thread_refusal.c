#define _GNU_SOURCE
#include "csystem.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>

int csystem_thread_refusal_cause(int error, size_t stack_size) {
    if (error != EAGAIN) return error;
    pthread_attr_t defaults;
    if (pthread_getattr_default_np(&defaults) != 0) return error;
    size_t guard_size = 0;
    if (stack_size == 0) pthread_attr_getstacksize(&defaults, &stack_size);
    pthread_attr_getguardsize(&defaults, &guard_size);
    pthread_attr_destroy(&defaults);
    // Mapped as the C library maps a thread's stack (and, readable and writable, committed as it commits it), never
    // touched: the probe takes address space for a moment and no memory.
    size_t size = stack_size + guard_size;
    void *probe = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (probe == MAP_FAILED) return errno == ENOMEM ? ENOMEM : error;
    munmap(probe, size);
    return error;
}
