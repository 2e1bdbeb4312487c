#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "csystem.h"

/// The pipe the handler writes each caught signal's number to, a byte each; created by the first trap.
static int trap_pipe[2] = {-1, -1};
/// The same for the watchdog, whose thread reads it; created as the watchdog starts.
static int watchdog_pipe[2] = {-1, -1};
/// How long the watchdog waits after the first signal, or after the run's last progress, in milliseconds.
static atomic_int watchdog_patience_ms;
/// When the run last made progress (``csystem_watchdog_progress``), in milliseconds of the monotonic clock.
static atomic_llong watchdog_progress_ms;
/// Whether the watchdog has read a signal: progress before it is not recorded, the signal's own time covering it.
static atomic_bool watchdog_armed;
/// The run's own exit status while only its summary report is left to write (``csystem_watchdog_report_pending``);
/// -1 otherwise.
static atomic_int watchdog_report_status = -1;
/// Whether the run whose summary report is pending lost results (a sink failed), and the warnings naming those
/// failures that the watchdog writes before its own (``csystem_watchdog_report_pending``): set only while no report is
/// pending, before ``watchdog_report_status`` says one is.
static bool watchdog_report_lost;
static char watchdog_report_losses[16384];

/// The handler: one `write` to each pipe, which is async-signal-safe, and `errno` kept for the code it interrupted.
/// A full pipe (hundreds of signals unread) drops the byte: the reader has enough to act on already.
static void csystem_trap_handler(int signal_number) {
    int saved = errno;
    unsigned char byte = (unsigned char)signal_number;
    ssize_t written = write(trap_pipe[1], &byte, 1);
    int watchdog = __atomic_load_n(&watchdog_pipe[1], __ATOMIC_ACQUIRE);
    if (watchdog >= 0) written = write(watchdog, &byte, 1);
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
    // No signal interrupts the handler: signals that reach prx together (sent before it could take the first) are
    // handed over by Linux lowest number first, each handler frame set up as the one before is, so that with only
    // the handler's own signal blocked the last one's handler ran first and wrote first (SIGINT, SIGTERM and SIGHUP
    // sent back to back read as SIGTERM first). Blocked, each waits for the handler before it to return.
    sigfillset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signal_number, &action, NULL) == 0 ? 1 : -1;
}

int csystem_trapped_signals_descriptor(void) {
    return trap_pipe[0];
}

static long long monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static const char *signal_name(int signal_number) {
    switch (signal_number) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
    }
}

void csystem_watchdog_report_pending(int status, const char *losses) {
    if (status >= 0) {
        watchdog_report_lost = losses != NULL;
        size_t length = losses != NULL ? strlen(losses) : 0;
        if (length >= sizeof watchdog_report_losses) {
            // The lines that fit, whole.
            length = sizeof watchdog_report_losses - 1;
            while (length > 0 && losses[length - 1] != '\n') length--;
        }
        if (length > 0) memcpy(watchdog_report_losses, losses, length);
        watchdog_report_losses[length] = '\0';
    }
    atomic_store(&watchdog_report_status, status);
}

/// Ends prx as the watchdog does once its patience ran out after `first`, the first signal: with the run's own status
/// and a warning that only the summary report is unwritten, while that is all that is left (after the warnings of the
/// sinks that failed, when results were lost); else with 128 + the signal and an error saying that results may be
/// lost.
static void watchdog_end(int first) {
    int seconds = (atomic_load(&watchdog_patience_ms) + 999) / 1000;
    int report_status = atomic_load(&watchdog_report_status);
    bool lost = report_status >= 0 && watchdog_report_lost;
    if (lost) {
        ssize_t written = write(STDERR_FILENO, watchdog_report_losses, strlen(watchdog_report_losses));
        (void)written;
    }
    char message[320];
    int length = report_status >= 0
        ? snprintf(
              message, sizeof message,
              "prx: warning: standard output took no more of the summary report for %ds after %s; prx exits without "
              "printing the rest, with the run's own status (%s)\n",
              seconds, signal_name(first),
              lost ? "a sink failed: not every result of the run is written" : "every result of the run is written")
        : snprintf(
              message, sizeof message,
              "prx: error: the run made no progress for %ds after %s; prx exits without the results it had not "
              "written\n",
              seconds, signal_name(first));
    if (length > 0) {
        ssize_t written = write(STDERR_FILENO, message, (size_t)length);
        (void)written;
    }
    _exit(report_status >= 0 ? report_status : 128 + first);
}

void csystem_watchdog_progress(void) {
    if (!atomic_load_explicit(&watchdog_armed, memory_order_relaxed)) return;
    atomic_store_explicit(&watchdog_progress_ms, monotonic_ms(), memory_order_relaxed);
}

/// Waits for the first signal, then for the patience to run out with no progress since the signal; prx exiting
/// ends the wait with it.
static void *watchdog_main(void *unused) {
    (void)unused;
    prctl(PR_SET_NAME, "prx watchdog", 0, 0, 0);
    int first = 0;
    long long signalled = 0;
    for (;;) {
        int timeout = -1;
        if (first != 0) {
            long long progress = atomic_load_explicit(&watchdog_progress_ms, memory_order_relaxed);
            long long since = progress > signalled ? progress : signalled;
            long long left = since + atomic_load(&watchdog_patience_ms) - monotonic_ms();
            if (left <= 0) watchdog_end(first);
            timeout = left > 60000 ? 60000 : (int)left;
        }
        struct pollfd request = {.fd = watchdog_pipe[0], .events = POLLIN};
        if (poll(&request, 1, timeout) <= 0) continue;
        unsigned char numbers[64];
        ssize_t count = read(watchdog_pipe[0], numbers, sizeof numbers);
        if (count > 0 && first == 0) {
            first = numbers[0];
            signalled = monotonic_ms();
            atomic_store_explicit(&watchdog_armed, true, memory_order_relaxed);
        }
    }
    return NULL;
}

int csystem_start_signal_watchdog(int patience_ms) {
    atomic_store(&watchdog_patience_ms, patience_ms);
    if (watchdog_pipe[0] >= 0) return 0;
    int ends[2];
    if (pipe2(ends, O_CLOEXEC | O_NONBLOCK) != 0) return errno;
    watchdog_pipe[0] = ends[0];
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, CSYSTEM_OWN_THREAD_STACK_SIZE);
    int result = pthread_create(&thread, &attributes, watchdog_main, NULL);
    pthread_attr_destroy(&attributes);
    if (result != 0) {
        close(ends[0]);
        close(ends[1]);
        watchdog_pipe[0] = -1;
        return csystem_thread_refusal_cause(result, CSYSTEM_OWN_THREAD_STACK_SIZE);
    }
    pthread_detach(thread);
    // From here on the handler writes to it too.
    __atomic_store_n(&watchdog_pipe[1], ends[1], __ATOMIC_RELEASE);
    return 0;
}
