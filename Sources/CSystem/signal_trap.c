#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "csystem.h"

/// The pipe the handler writes each caught signal's number to, a byte each; created by the first trap.
static int trap_pipe[2] = {-1, -1};

/// The handler: one `write`, which is async-signal-safe, and `errno` kept for the code it interrupted. A full pipe
/// (hundreds of signals unread) drops the byte: the reader has enough to act on already.
static void csystem_trap_handler(int signal_number) {
    int saved = errno;
    unsigned char byte = (unsigned char)signal_number;
    ssize_t written = write(trap_pipe[1], &byte, 1);
    (void)written;
    errno = saved;
}

int csystem_trap_signal(int signal_number) {
    if (trap_pipe[0] < 0 && pipe2(trap_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    struct sigaction previous;
    if (sigaction(signal_number, NULL, &previous) != 0) return -1;
    if (previous.sa_handler == SIG_IGN) return 0;
    if (previous.sa_handler == csystem_trap_handler) return 1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = csystem_trap_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signal_number, &action, NULL) == 0 ? 1 : -1;
}

int csystem_trapped_signals_descriptor(void) {
    return trap_pipe[0];
}
