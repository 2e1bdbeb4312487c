#define _GNU_SOURCE
#include "csystem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// The guard is forked without exec from a multithreaded process, so from fork on it calls only
// async-signal-safe functions (read, kill, nanosleep, close, dup2, open, setsid, _exit) and allocates nothing:
// its table is static.

enum { GUARD_SLOTS = 65536 };
static int32_t guard_groups[GUARD_SLOTS];
static int guard_count;

static void guard_forget(int32_t group) {
    for (int i = 0; i < guard_count; i++) {
        if (guard_groups[i] == group) {
            guard_groups[i] = guard_groups[--guard_count];
            return;
        }
    }
}

static void guard_signal_all(int signal) {
    for (int i = 0; i < guard_count; i++) kill(-guard_groups[i], signal);
}

static void guard_run(int channel, int grace_milliseconds) {
    int32_t messages[1024];
    char *bytes = (char *)messages;
    size_t held = 0; // bytes of a message cut by the last read, kept at the start of the buffer
    for (;;) {
        ssize_t count = read(channel, bytes + held, sizeof messages - held);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        held += (size_t)count;
        size_t whole = held / sizeof(int32_t);
        for (size_t i = 0; i < whole; i++) {
            int32_t message = messages[i];
            if (message > 0 && guard_count < GUARD_SLOTS) {
                guard_groups[guard_count++] = message;
            } else if (message < 0) {
                guard_forget(-message);
            }
        }
        size_t rest = held % sizeof(int32_t);
        for (size_t i = 0; i < rest; i++) bytes[i] = bytes[whole * sizeof(int32_t) + i];
        held = rest;
    }
    if (guard_count > 0) {
        guard_signal_all(SIGTERM);
        struct timespec grace = {grace_milliseconds / 1000, (long)(grace_milliseconds % 1000) * 1000000L};
        while (nanosleep(&grace, &grace) != 0 && errno == EINTR) {}
        guard_signal_all(SIGKILL);
    }
    _exit(0);
}

pid_t csystem_orphan_guard_start(int *report_fd, int grace_milliseconds) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(ends[0]);
        close(ends[1]);
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
        guard_run(3, grace_milliseconds);
    }
    close(ends[1]);
    *report_fd = ends[0];
    return pid;
}
