#define _GNU_SOURCE
#include "csystem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// The guard is forked without exec from a multithreaded process, so from fork on it calls only
// async-signal-safe functions (read, kill, nanosleep, close, dup2, open, setsid, _exit) and allocates nothing.
// prx writes the process groups into the table shared with it; nothing passes through the socket, whose end of
// file is the news of prx's death.

static void guard_signal_all(const volatile int32_t *table, int slots, int signal) {
    for (int i = 0; i < slots; i++) {
        int32_t group = table[i];
        // A task that has not made its session yet (prx's spawn does not wait for it) is its own process.
        if (group > 0 && kill(-group, signal) < 0 && errno == ESRCH) kill(group, signal);
    }
}

static int guard_has_groups(const volatile int32_t *table, int slots) {
    for (int i = 0; i < slots; i++) {
        if (table[i] > 0) return 1;
    }
    return 0;
}

static void guard_run(int channel, const volatile int32_t *table, int slots) {
    char ignored[64];
    for (;;) {
        ssize_t count = read(channel, ignored, sizeof ignored);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
    }
    const volatile int32_t *groups = table + 1;
    if (guard_has_groups(groups, slots)) {
        guard_signal_all(groups, slots, SIGTERM);
        int grace_milliseconds = table[0] > 0 ? table[0] : 0;
        struct timespec grace = {grace_milliseconds / 1000, (long)(grace_milliseconds % 1000) * 1000000L};
        while (nanosleep(&grace, &grace) != 0 && errno == EINTR) {}
        guard_signal_all(groups, slots, SIGKILL);
    }
    _exit(0);
}

pid_t csystem_orphan_guard_start(int *report_fd, int32_t **table, int slots) {
    size_t size = (size_t)(1 + slots) * sizeof(int32_t);
    void *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) return -1;
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        munmap(shared, size);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(ends[0]);
        close(ends[1]);
        munmap(shared, size);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        setsid();
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        // Keep only the guard's end of the channel, as descriptor 3: no log file, pipe or the channel's other end.
        if (dup2(ends[1], 3) < 0) _exit(1);
        syscall(SYS_close_range, 4U, ~0U, 0U);
        struct sigaction ignore = {0};
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGINT, &ignore, NULL);
        sigaction(SIGHUP, &ignore, NULL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        guard_run(3, shared, slots);
    }
    close(ends[1]);
    *report_fd = ends[0];
    *table = shared;
    return pid;
}
