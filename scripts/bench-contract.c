/*
 * bench-contract.c — helper program for scripts/bench and scripts/bench-ab (compiled by them with `cc -O2`
 * together with Sources/CSystem/spawn.c; never committed as a binary).
 *
 *   bench-contract N P DIR
 *       The "contract floor" row: runs /bin/true N times, P in flight, doing per task what prx's flags mode
 *       promises to do, in one C thread and nothing else. It separates what prx's contract costs (a session
 *       and process group per task, output captured from two pipes, the exit watched through a pidfd, resource
 *       use from wait4, the group probed for stragglers, and four files written) from what prx's
 *       implementation adds (Swift, its threads, the hand-overs between them, its sources and sinks).
 *
 *       Per task, as prx does it:
 *       - spawn: two pipes (their read ends non-blocking), then prx's own spawn (csystem_spawn: clone with
 *         CLONE_VM and CLONE_PIDFD, not waiting for the child's exec, the child in the slot's spawn area; in the
 *         child every signal at its default, setsid, /dev/null as stdin, the pipes as stdout and stderr, every
 *         other descriptor closed);
 *       - watch: the pidfd and both pipes in one epoll set; output read in 64 KiB pieces; the leader reaped with
 *         wait4 (its rusage) once both pipes are at end of file or the pidfd is readable; the pidfd taken out of
 *         the set; the group probed with kill(-pgid, 0); every descriptor closed;
 *       - write: a log line when it starts and one when it ends (the log format), a CSV row, an output block
 *         and two journal lines (JSON), each file's lines of one turn written with one write(2) after the
 *         turn's next start, into DIR/log, DIR/summary.csv, DIR/output.txt and DIR/journal.jsonl.
 *       Not done: the orphan guard's table (a memory store), rotation, stop limits, timeouts.
 *
 *       Exits 0 when every task exited 0, 1 otherwise. Prints its own and its children's CPU on stderr.
 *
 *   bench-contract N P DIR EXTRA_US [after]
 *       The same, plus EXTRA_US microseconds of busy work per task: a model of an implementation that keeps
 *       the contract and spends that much more of its own CPU per task. The work is done as each task is reaped,
 *       on the path from its exit to the next start, or with `after`, once the turn's next start is made: how
 *       much of prx's distance from the contract floor its own CPU explains, and how much where that CPU is
 *       spent (docs/SCALING.md).
 */
#define _GNU_SOURCE
#include "csystem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/// One task in flight.
struct slot {
    int busy;
    long id;
    pid_t pid;
    int pidfd, out, err;
    struct timespec start;
    char start_stamp[96];
    /// Where the slot's child runs until its exec: the slot's, reused once its child has exited.
    struct csystem_spawn_area *area;
};

/// A file's lines of one turn, written with one write(2).
struct pending_file {
    int fd;
    size_t length;
    char bytes[1 << 16];
};

static struct pending_file log_file, csv_file, output_file, journal_file;
static int epoll_fd;
static long failed;

static void die(const char *what) {
    fprintf(stderr, "bench-contract: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void add(struct pending_file *file, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int length = vsnprintf(file->bytes + file->length, sizeof file->bytes - file->length, format, arguments);
    va_end(arguments);
    if (length > 0 && (size_t)length < sizeof file->bytes - file->length) file->length += (size_t)length;
}

static void flush(struct pending_file *file) {
    size_t offset = 0;
    while (offset < file->length) {
        ssize_t written = write(file->fd, file->bytes + offset, file->length - offset);
        if (written < 0) {
            if (errno == EINTR) continue;
            die("write");
        }
        offset += (size_t)written;
    }
    file->length = 0;
}

static void open_file(struct pending_file *file, const char *directory, const char *name, int flags) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", directory, name);
    file->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
    if (file->fd < 0) die(path);
}

/// The local time now as `2026-12-02T23:03:03.107532`.
static void stamp(char *out, size_t size) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm local;
    localtime_r(&now.tv_sec, &local);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld", local.tm_year + 1900, local.tm_mon + 1,
             local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec, now.tv_nsec / 1000);
}

static void watch(int fd, uint64_t tag) {
    struct epoll_event event = {.events = EPOLLIN, .data.u64 = tag};
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) < 0) die("epoll_ctl");
}

static void start(struct slot *slot, long index, long id) {
    int output[2], errors[2];
    if (pipe2(output, O_CLOEXEC) < 0 || pipe2(errors, O_CLOEXEC) < 0) die("pipe2");
    if (fcntl(output[0], F_SETFL, O_NONBLOCK) < 0 || fcntl(errors[0], F_SETFL, O_NONBLOCK) < 0) die("fcntl");
    char number[24];
    snprintf(number, sizeof number, "%ld", id);
    char *arguments[] = {"/bin/true", number, NULL};
    struct csystem_spawn_request request = {
        .program = "/bin/true", .search_path = "/bin:/usr/bin", .arguments = arguments, .environment = environ,
        .working_directory = NULL, .standard_output = output[1], .standard_error = errors[1], .new_session = 1};
    int pidfd;
    pid_t pid = csystem_spawn(&request, &slot->area, &pidfd);
    if (pid < 0) die("spawn /bin/true");
    close(output[1]);
    close(errors[1]);
    *slot = (struct slot){
        .busy = 1, .id = id, .pid = pid, .pidfd = pidfd, .out = output[0], .err = errors[0], .area = slot->area};
    clock_gettime(CLOCK_MONOTONIC, &slot->start);
    watch(pidfd, (uint64_t)index << 2 | 1);
    watch(slot->out, (uint64_t)index << 2 | 2);
    watch(slot->err, (uint64_t)index << 2 | 3);

    stamp(slot->start_stamp, sizeof slot->start_stamp);
    add(&log_file, "%.10s %.8s,%.3s - P%d - INFO - [Worker-%ld] - Worker %ld: Starting task %ld\n", slot->start_stamp,
        slot->start_stamp + 11, slot->start_stamp + 20, getpid(), index + 1, index + 1, id);
    add(&journal_file,
        "{\"event\":\"task_started\",\"id\":%ld,\"key\":\"%016lx\",\"label\":\"%ld\",\"worker_id\":%ld,"
        "\"attempt\":1,\"time\":\"%s+00:00\"}\n",
        id, (unsigned long)id * 0x9e3779b97f4a7c15UL, id, index + 1, slot->start_stamp);
}

/// Reads what `*fd` holds; at end of file takes it out of the set and closes it.
static void read_pipe(int *fd) {
    static char buffer[1 << 16];
    while (*fd >= 0) {
        ssize_t count = read(*fd, buffer, sizeof buffer);
        if (count > 0) continue;
        if (count < 0 && (errno == EAGAIN || errno == EINTR)) return;
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, *fd, NULL);
        close(*fd);
        *fd = -1;
    }
}

/// Reaps the task if its leader has exited; returns whether it is finished.
static int finish(struct slot *slot, long index) {
    int status;
    struct rusage usage;
    pid_t reaped = wait4(slot->pid, &status, WNOHANG, &usage);
    if (reaped <= 0) return 0;
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, slot->pidfd, NULL);
    kill(-slot->pid, 0);
    read_pipe(&slot->out);
    read_pipe(&slot->err);
    close(slot->pidfd);
    slot->busy = 0;
    if (csystem_spawn_area_failure(slot->area) != 0) {
        errno = csystem_spawn_area_failure(slot->area);
        die("spawn /bin/true");
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code != 0) failed++;

    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double duration = (double)(end.tv_sec - slot->start.tv_sec) + (double)(end.tv_nsec - slot->start.tv_nsec) / 1e9;
    double memory = (double)usage.ru_maxrss / 1024;
    char end_stamp[96];
    stamp(end_stamp, sizeof end_stamp);
    add(&log_file, "%.10s %.8s,%.3s - P%d - INFO - [Worker-%ld] - Task completed: %ld\n", end_stamp, end_stamp + 11,
        end_stamp + 20, getpid(), index + 1, slot->id);
    add(&csv_file, "%.19s;%.19s;SUCCESS;%d;%ld;;/bin/true %ld;%d;%.2f;%.2f;;\n", slot->start_stamp, end_stamp,
        getpid(), index + 1, slot->id, code, duration, memory);
    add(&output_file,
        "================================================================================\n"
        "Task: \nWorker: %ld\nCommand: /bin/true %ld\nStatus: SUCCESS\nExit Code: %d\nDuration: %.2fs\n"
        "Memory: %.2fMB\nStart: %s\nEnd: %s\n\nSTDOUT:\n\nSTDERR:\n\n"
        "================================================================================\n",
        index + 1, slot->id, code, duration, memory, slot->start_stamp, end_stamp);
    add(&journal_file,
        "{\"event\":\"task_finished\",\"key\":\"%016lx\",\"id\":%ld,\"label\":\"%ld\",\"argv\":[\"/bin/true\","
        "\"%ld\"],\"status\":\"SUCCESS\",\"exit_code\":%d,\"signal\":null,\"start_time\":\"%s+00:00\","
        "\"end_time\":\"%s+00:00\",\"duration\":%.6f,\"worker_id\":%ld,\"job_id\":null,\"host\":null,"
        "\"memory_mb\":%.3f,\"cpu_percent\":null,\"stdout\":\"\",\"stderr\":\"\",\"message\":null,\"attempts\":1,"
        "\"task_file\":\"\",\"feedback\":null}\n",
        (unsigned long)slot->id * 0x9e3779b97f4a7c15UL, slot->id, slot->id, slot->id, code, slot->start_stamp,
        end_stamp, duration, index + 1, memory);
    return 1;
}

/// Busy work per task (the EXTRA_US argument), in nanoseconds; done on reaping unless `extra_after`.
static long extra_ns;
static int extra_after;

/// Spins for `extra_ns`, reading the clock, as CPU work that makes no system call.
static void extra_work(void) {
    struct timespec from, now;
    clock_gettime(CLOCK_MONOTONIC, &from);
    do {
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((now.tv_sec - from.tv_sec) * 1000000000L + (now.tv_nsec - from.tv_nsec) < extra_ns);
}

static double seconds(struct timeval time) { return (double)time.tv_sec + (double)time.tv_usec / 1e6; }

int main(int argc, char **argv) {
    if (argc < 4 || argc > 6 || (argc == 6 && strcmp(argv[5], "after") != 0)) {
        fprintf(stderr, "usage: bench-contract N P DIR [EXTRA_US [after]]\n");
        return 2;
    }
    long n = atol(argv[1]), p = atol(argv[2]);
    if (n < 1 || p < 1) {
        fprintf(stderr, "bench-contract: N and P must be positive\n");
        return 2;
    }
    if (argc >= 5) extra_ns = atol(argv[4]) * 1000;
    extra_after = argc == 6;
    open_file(&log_file, argv[3], "log", O_APPEND);
    open_file(&csv_file, argv[3], "summary.csv", O_TRUNC);
    open_file(&output_file, argv[3], "output.txt", O_TRUNC);
    open_file(&journal_file, argv[3], "journal.jsonl", O_TRUNC);
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0) die("epoll_create1");
    struct slot *slots = calloc((size_t)p, sizeof *slots);
    if (slots == NULL) die("calloc");

    long started = 0, finished = 0, extra_owed = 0;
    while (finished < n) {
        for (long index = 0; index < p && started < n; index++) {
            if (!slots[index].busy) start(&slots[index], index, ++started);
        }
        flush(&log_file);
        flush(&csv_file);
        flush(&output_file);
        flush(&journal_file);
        for (; extra_owed > 0; extra_owed--) extra_work();
        struct epoll_event events[64];
        int count = epoll_wait(epoll_fd, events, 64, -1);
        if (count < 0 && errno != EINTR) die("epoll_wait");
        for (int event = 0; event < count; event++) {
            long index = (long)(events[event].data.u64 >> 2);
            struct slot *slot = &slots[index];
            if (!slot->busy) continue;
            switch (events[event].data.u64 & 3) {
            case 2: read_pipe(&slot->out); break;
            case 3: read_pipe(&slot->err); break;
            }
            // The leader is reaped at its pidfd's event, or as soon as both pipes are closed (it exits right
            // after), as prx's monitor does.
            if ((events[event].data.u64 & 3) == 1 || (slot->out < 0 && slot->err < 0)) {
                if (!finish(slot, index)) continue;
                finished++;
                if (extra_after) extra_owed++;
                else if (extra_ns > 0) extra_work();
            }
        }
    }
    flush(&log_file);
    flush(&csv_file);
    flush(&output_file);
    flush(&journal_file);

    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    fprintf(stderr, "bench-contract: %ld tasks, %ld in flight, %ld failed; self cpu %.3f s, children cpu %.3f s\n",
            n, p, failed, seconds(self.ru_utime) + seconds(self.ru_stime),
            seconds(children.ru_utime) + seconds(children.ru_stime));
    return failed ? 1 : 0;
}
