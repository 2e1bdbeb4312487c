#define _GNU_SOURCE
#include "csystem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

int csystem_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }

int csystem_epoll_create1(int flags) { return epoll_create1(flags); }

int csystem_epoll_ctl(int epfd, int op, int fd, void *event) { return epoll_ctl(epfd, op, fd, event); }

int csystem_epoll_wait(int epfd, void *events, int maxevents, int timeout) {
    return epoll_wait(epfd, events, maxevents, timeout);
}

int csystem_eventfd(unsigned int initval, int flags) { return eventfd(initval, flags); }

int csystem_allocate_keeping_size(int fd, off_t offset, off_t length) {
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length);
}

/// What csystem_take_standard_output_failure hands over: 0 for no failure yet, the first failure's errno (or -1) that
/// csystem_flush_standard_output_after_lua found, or standard_output_failure_taken once taken, or once prx's own text
/// failed first, which no later failure replaces.
static atomic_int standard_output_failure;
static const int standard_output_failure_taken = INT_MIN;

/// Flushes standard output: 0, the errno of the failed flush, or -1 when an earlier write had failed (the stream's
/// error indicator stays set). On a failure, `noted` (the failure itself when 0) is kept for
/// csystem_take_standard_output_failure, unless a failure was kept already.
static int flush_standard_output(int noted) {
    int failure = 0;
    if (fflush(stdout) != 0) {
        failure = errno;
    } else if (ferror(stdout)) {
        failure = -1;
    }
    if (failure != 0) {
        int none = 0;
        atomic_compare_exchange_strong(&standard_output_failure, &none, noted != 0 ? noted : failure);
    }
    return failure;
}

int csystem_flush_standard_output(void) {
    // prx's own text lost first: the stream's failure is prx's to report, and Lua code's flush, which finds the error
    // indicator still set, must not take it for the loss of what Lua printed.
    return flush_standard_output(standard_output_failure_taken);
}

int csystem_flush_standard_output_after_lua(void) { return flush_standard_output(0); }

int csystem_take_standard_output_failure(void) {
    int failure = atomic_load(&standard_output_failure);
    while (failure != 0 && failure != standard_output_failure_taken) {
        if (atomic_compare_exchange_weak(&standard_output_failure, &failure, standard_output_failure_taken)) {
            return failure;
        }
    }
    return 0;
}

int csystem_pidfd_open(pid_t pid, unsigned int flags) { return (int)syscall(SYS_pidfd_open, pid, flags); }

int csystem_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}

int csystem_set_child_subreaper(int is_subreaper) {
    return prctl(PR_SET_CHILD_SUBREAPER, (unsigned long)(is_subreaper != 0), 0, 0, 0);
}

int csystem_get_child_subreaper(int *is_subreaper) { return prctl(PR_GET_CHILD_SUBREAPER, is_subreaper, 0, 0, 0); }

int csystem_name_thread(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }

int csystem_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#else
    (void)actions;
    (void)from;
    return ENOSYS;
#endif
}

int csystem_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *directory) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
    return posix_spawn_file_actions_addchdir_np(actions, directory);
#else
    (void)actions;
    (void)directory;
    return ENOSYS;
#endif
}

short csystem_spawn_setsid_flag(void) { return POSIX_SPAWN_SETSID; }
