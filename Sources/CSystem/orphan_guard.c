#define _GNU_SOURCE
#include "csystem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// The guard is forked without exec from a multithreaded process, so from fork on it calls only async-signal-safe
// functions and plain system calls (read, kill, nanosleep, poll, clock_gettime, open, openat, fstat, fstatat, fcntl,
// getppid, pipe2, getdents64, getpgid, getsid, getrlimit, setrlimit, close, close_range, dup2, setsid, prctl,
// pidfd_open, pidfd_send_signal, sigaction, sigprocmask, _exit) and allocates nothing: its buffers are static; what it needs worked
// out (its title) is worked out before the fork. prx writes the process groups, and the pipes its tasks' leaders were
// given, into the table shared with it; nothing passes through the socket. Where it can, the guard shares prx's table
// of descriptors too, and learns of prx's death from a process descriptor of prx; the socket's end of file, once it has
// closed prx's end, then tells it that the leaders that held copies of it are done. Where it cannot (no pidfd_open),
// it keeps only its end of the socket, whose end of file is the news of prx's death. From then on the table is the
// guard's alone: it records there the other groups of the tasks' sessions.

/// The guard's name in `/proc/PID/comm`: a guard is never swept by another (an outer prx's guard, when prx runs
/// as a task of another prx), so that each stops its own prx's tasks.
static const char guard_name[] = "prx-guard";

/// How many slots prx's table has (`OrphanGuard.capacity`): the most groups the guard watches at once.
#define GUARD_WATCHED_CAPACITY 65536

/// Where the sweep reads directory entries and files.
static char guard_entries[16384];
static char guard_buffer[65536];

/// Whether the first `count` entries of `ids` hold `id`.
static int guard_contains(const int32_t *ids, int count, pid_t id) {
    for (int i = 0; i < count; i++) {
        if (ids[i] == id) return 1;
    }
    return 0;
}

/// Sends `signal` to process group `group`, and `SIGCONT` after a `SIGTERM`: a stopped process keeps the `SIGTERM`
/// pending until it runs again, and would spend the grace unable to clean up (prx's own stops do the same).
static void guard_signal_group(pid_t group, int signal) {
    kill(-group, signal);
    if (signal == SIGTERM) kill(-group, SIGCONT);
}

/// Sends `signal` to the process of descriptor `pidfd` (`csystem_pidfd_open`, a descriptor that names that process
/// alone, whatever process its id is given to once it has been reaped) or, where the kernel refused the guard one
/// (`pidfd` -1: a seccomp filter), to process `pid` by its id.
static void guard_send_process(int pidfd, pid_t pid, int signal) {
    if (pidfd >= 0) {
        csystem_pidfd_send_signal(pidfd, signal);
        if (signal == SIGTERM) csystem_pidfd_send_signal(pidfd, SIGCONT);
    } else {
        kill(pid, signal);
        if (signal == SIGTERM) kill(pid, SIGCONT);
    }
}

/// Whether the process of descriptor `pidfd` has not been reaped, and so still holds its id: what was read of it by
/// its id since the descriptor was opened was its own. True without a descriptor (-1), which tells nothing.
static int guard_holds_id(int pidfd) { return pidfd < 0 || csystem_pidfd_send_signal(pidfd, 0) == 0; }

/// The process group a table slot's `value` names: itself, without prx's mark of its `SIGTERM`.
static pid_t guard_slot_id(int32_t value) { return value & ~CSYSTEM_ORPHAN_GUARD_TERMINATED; }

/// Whether prx marked the slot's `value` as sent `SIGTERM` by prx itself (`CSYSTEM_ORPHAN_GUARD_TERMINATED`).
static int guard_slot_terminated(int32_t value) { return (value & CSYSTEM_ORPHAN_GUARD_TERMINATED) != 0; }

/// The process groups one sweep has signalled (`guard_sweep`), so that no process gets the same signal twice: a second
/// `SIGTERM` can cut short the clean-up the first one started.
static int32_t guard_swept[4096];
static int guard_swept_count;

/// Adds `group` to `guard_swept`, while there is room.
static void guard_swept_add(pid_t group) {
    if (guard_swept_count < (int)(sizeof guard_swept / sizeof guard_swept[0])) guard_swept[guard_swept_count++] = group;
}

/// The slots of the table that hold a group, sorted by id (`guard_sort_slots`), so that the slots of one group are
/// side by side.
static int32_t guard_sorted[GUARD_WATCHED_CAPACITY];

/// The largest element `guard_sort` moves, in bytes.
#define GUARD_SORT_ELEMENT_LIMIT 32

/// Sorts the `count` elements of `size` bytes (at most `GUARD_SORT_ELEMENT_LIMIT`) at `elements` by `key`: a shell
/// sort, which allocates nothing, where glibc's `qsort` may allocate and so is not async-signal-safe.
static void guard_sort(void *elements, int count, size_t size, int64_t (*key)(const void *)) {
    char *base = elements;
    char moved[GUARD_SORT_ELEMENT_LIMIT];
    for (int gap = count / 2; gap > 0; gap /= 2) {
        for (int i = gap; i < count; i++) {
            int64_t moved_key = key(base + (size_t)i * size);
            memcpy(moved, base + (size_t)i * size, size);
            int at = i;
            for (; at >= gap && key(base + (size_t)(at - gap) * size) > moved_key; at -= gap) {
                memcpy(base + (size_t)at * size, base + (size_t)(at - gap) * size, size);
            }
            memcpy(base + (size_t)at * size, moved, size);
        }
    }
}

/// The key `guard_sort_slots` sorts a slot's value by: the group it names.
static int64_t guard_slot_key(const void *value) { return guard_slot_id(*(const int32_t *)value); }

/// Gathers the first `slots` slots of `table` that hold a group into `guard_sorted`, sorted by id; returns how many
/// they are.
static int guard_sort_slots(const volatile int32_t *table, int slots) {
    int count = 0;
    for (int i = 0; i < slots; i++) {
        if (table[i] != 0) guard_sorted[count++] = table[i];
    }
    guard_sort(guard_sorted, count, sizeof guard_sorted[0], guard_slot_key);
    return count;
}

/// Sends `signal` to each group in the table; to no process by its id alone.
///
/// A task's leader is in the table from its spawn on, as its group, though it makes its session (its first step,
/// taken with every signal blocked) only once prx's spawn has returned: the guard never meets a leader that has not
/// made it yet. Cloned without exec, such a leader holds a copy of prx's descriptors, prx's end of the guard's socket
/// among them, until its set-up closes them, once its session is made (and exec would close that end all the same):
/// the guard sees the end of file on that socket, after prx's death, only once every leader has made its session or
/// ended. A leader not found as a group has ended then, and its id, free once init has reaped it, may have been given
/// to any process, which a signal by the id alone would reach.
///
/// An id is a group's only while a live or zombie member holds it: once the group is gone, and before prx clears its
/// slot (up to a probe's wait later), or by the end of the grace, the id may have been given to another process,
/// which the signal reaches only if it leads a group of that id (docs/SCALING.md, "Ids given again").
///
/// Each group is signalled once, however many slots hold it (`guard_sorted` gathers them): prx may record a group in
/// two slots, a stopped task's session's other group that it also adopted as a stray. No group prx has sent `SIGTERM`
/// (its slot marked, in any slot) is sent the guard's: it is in prx's grace, and a second `SIGTERM` can cut short the
/// clean-up the first began. It gets the `SIGKILL` after the guard's grace, counted from prx's death (prx's own grace
/// is not known here).
static void guard_signal_all(const volatile int32_t *table, int slots, int signal) {
    int count = guard_sort_slots(table, slots);
    for (int first = 0, next = 0; first < count; first = next) {
        pid_t group = guard_slot_id(guard_sorted[first]);
        int terminated = 0;
        for (; next < count && guard_slot_id(guard_sorted[next]) == group; next++) {
            terminated |= guard_slot_terminated(guard_sorted[next]);
        }
        if (signal == SIGTERM && terminated) continue;
        guard_signal_group(group, signal);
    }
}

static int guard_has_groups(const volatile int32_t *table, int slots) {
    for (int i = 0; i < slots; i++) {
        if (table[i] != 0) return 1;
    }
    return 0;
}

/// Whether the first `slots` slots of `table` (or values as the table has them) hold `group`, marked as sent
/// `SIGTERM` or not.
static int guard_table_holds(const volatile int32_t *table, int slots, pid_t group) {
    for (int i = 0; i < slots; i++) {
        int32_t value = table[i];
        if (value != 0 && guard_slot_id(value) == group) return 1;
    }
    return 0;
}

/// Reads the file `name` under the directory `directory` into `guard_buffer`, a chunk at a time, giving each chunk
/// to `take` until it returns nonzero; returns that value, or 0 at the end of the file or when it cannot be read.
static int guard_read_file(int directory, const char *name, int (*take)(const char *, ssize_t, void *), void *state) {
    int file = openat(directory, name, O_RDONLY | O_CLOEXEC);
    if (file < 0) return 0;
    int result = 0;
    for (;;) {
        ssize_t count = read(file, guard_buffer, sizeof guard_buffer);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        result = take(guard_buffer, count, state);
        if (result != 0) break;
    }
    close(file);
    return result;
}

/// A search for one whole entry of a file of NUL-terminated entries (`/proc/PID/environ`).
struct guard_entry_search {
    const char *entry;
    ssize_t length;
    /// How many bytes of the current entry match so far; -1 once it cannot match.
    ssize_t matched;
};

static int guard_take_environment(const char *chunk, ssize_t count, void *state) {
    struct guard_entry_search *search = state;
    for (ssize_t i = 0; i < count; i++) {
        char byte = chunk[i];
        if (byte == '\0') {
            if (search->matched == search->length) return 1;
            search->matched = 0;
        } else if (search->matched >= 0 && search->matched < search->length && byte == search->entry[search->matched]) {
            search->matched++;
        } else {
            search->matched = -1;
        }
    }
    return 0;
}

static int guard_take_name(const char *chunk, ssize_t count, void *state) {
    (void)state;
    size_t length = sizeof guard_name - 1;
    if ((size_t)count < length + 1 || chunk[length] != '\n') return 2;
    for (size_t i = 0; i < length; i++) {
        if (chunk[i] != guard_name[i]) return 2;
    }
    return 1;
}

/// Writes `PID/FILE` into `path` (64 bytes); `pid` is a directory entry's name of digits (or `self/fd`, with a
/// descriptor's number as `file`).
static void guard_proc_path(char *path, const char *pid, const char *file) {
    size_t at = 0;
    while (*pid != '\0' && at < 40) path[at++] = *pid++;
    path[at++] = '/';
    while (*file != '\0' && at < 63) path[at++] = *file++;
    path[at] = '\0';
}

/// The process id a directory entry of `/proc` names, or 0 when it names none (`self`, `sys`, …).
static pid_t guard_parse_pid(const char *name) {
    pid_t pid = 0;
    for (const char *digit = name; *digit != '\0'; digit++) {
        if (*digit < '0' || *digit > '9' || pid > 100000000) return 0;
        pid = pid * 10 + (*digit - '0');
    }
    return pid;
}

/// Calls `visit` with each process's id and `/proc` entry (`/proc` open as `proc`), but init's and the guard's own,
/// and returns how many of them it returned 1 for, or -1 when `/proc` cannot be read; with `first_only`, stops at the
/// first (and returns 1).
static int guard_count_processes(int (*visit)(int proc, pid_t pid, const char *name, void *state), void *state,
                                 int first_only) {
    int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (proc < 0) return -1;
    pid_t self = getpid();
    int counted = 0;
    for (;;) {
        ssize_t count = getdents64(proc, guard_entries, sizeof guard_entries);
        if (count <= 0) break;
        for (ssize_t offset = 0; offset < count;) {
            struct dirent64 *directory_entry = (struct dirent64 *)(guard_entries + offset);
            offset += directory_entry->d_reclen;
            const char *name = directory_entry->d_name;
            pid_t pid = guard_parse_pid(name);
            if (pid > 1 && pid != self && visit(proc, pid, name, state) == 1) {
                counted++;
                if (first_only) {
                    close(proc);
                    return counted;
                }
            }
        }
    }
    close(proc);
    return counted;
}

/// Whether the process of the `/proc` entry `name` has `entry` (`PRX_ORPHAN_GUARD=TOKEN`, this guard's) in its
/// environment and is no guard (another prx's, run as a task, which stops that prx's tasks itself). A process it
/// cannot read (another user's) has not. The environment is read first, and the name only of the few that carry the
/// token.
static int guard_carries_token(int proc, const char *name, const char *entry, ssize_t length) {
    char path[64];
    struct guard_entry_search search = {entry, length, 0};
    guard_proc_path(path, name, "environ");
    if (guard_read_file(proc, path, guard_take_environment, &search) != 1) return 0;
    guard_proc_path(path, name, "comm");
    return guard_read_file(proc, path, guard_take_name, NULL) != 1;
}

/// What a sweep looks for and sends.
struct guard_sweep_request {
    const char *entry;
    ssize_t length;
    int signal;
    const volatile int32_t *groups;
    int slots;
    /// The group of the carrier the sweep met last: the processes of a group often come one after another in
    /// `/proc`, and the table need not be gone through again for each.
    pid_t last_group;
};

/// Whether the sweep has signalled the group `group` (above 1) already, or the guard has (it is in the table); it is
/// then the sweep's last group, which the next carrier's often is.
static int guard_sweep_has_signalled(struct guard_sweep_request *request, pid_t group) {
    if (group != request->last_group && !guard_table_holds(request->groups, request->slots, group)
        && !guard_contains(guard_swept, guard_swept_count, group)) {
        return 0;
    }
    request->last_group = group;
    return 1;
}

/// Sends the sweep's signal to the group of process `pid` (`name`, its directory under `proc`) when it carries the
/// token and its group was not signalled yet, or to the process alone when its group is 0 (outside the guard's pid
/// namespace) or 1 (init's: `kill(-1)` would signal every process); returns 1 when it carries the token.
///
/// The token and the group are read by the process's id, which another process may have been given since, once the
/// carrier has ended and been reaped: before anything is sent, both are read again once a process descriptor (pidfd)
/// names the process of that id, and taken only if it has not been reaped after, so that they are its own; a process
/// alone is signalled through the descriptor. A carrier gone is sent nothing.
static int guard_sweep_process(int proc, pid_t pid, const char *name, void *state) {
    struct guard_sweep_request *request = state;
    if (!guard_carries_token(proc, name, request->entry, request->length)) return 0;
    pid_t group = getpgid(pid);
    if (group < 0) return 0;
    if (group > 1 && guard_sweep_has_signalled(request, group)) return 1;
    int pidfd = csystem_pidfd_open(pid, 0);
    if (pidfd < 0 && errno == ESRCH) return 0;
    if (pidfd >= 0) {
        group = guard_carries_token(proc, name, request->entry, request->length) ? getpgid(pid) : -1;
        if (!guard_holds_id(pidfd)) group = -1;
    }
    if (group == 0 || group == 1) {
        guard_send_process(pidfd, pid, request->signal);
    } else if (group > 1 && !guard_sweep_has_signalled(request, group)) {
        guard_swept_add(group);
        request->last_group = group;
        guard_signal_group(group, request->signal);
    }
    if (pidfd >= 0) close(pidfd);
    return group >= 0;
}

/// Sends `signal` to the process group of every process that has `entry` (`PRX_ORPHAN_GUARD=TOKEN`, this guard's)
/// in its environment, once per group, except other guards and the groups in the table (`groups`, which were
/// signalled already); returns how many such processes it found. These are what tasks left running outside their
/// groups, daemons in sessions of their own, which prx adopted or would have adopted as their parents ended: their
/// environment is the one trace of where they came from. A process it cannot read (another user's) is left alone.
static int guard_sweep(const char *entry, ssize_t length, int signal, const volatile int32_t *groups, int slots) {
    struct guard_sweep_request request = {entry, length, signal, groups, slots, 0};
    guard_swept_count = 0;
    int found = guard_count_processes(guard_sweep_process, &request, 0);
    return found > 0 ? found : 0;
}

/// This guard's `PRX_ORPHAN_GUARD=TOKEN` entry, written before the fork: a random token, so that no process is
/// taken for a task's leftover because a variable of the same name was set by hand or by another guard.
static char guard_entry[64];
static ssize_t guard_entry_length;

/// Writes 32 random hexadecimal digits after `PRX_ORPHAN_GUARD=` into `guard_entry`, and them alone into `token`
/// (33 bytes); the time and the PID stand in for `getrandom` where it fails.
static void guard_make_token(char *token) {
    unsigned char random[16];
    if (getrandom(random, sizeof random, GRND_NONBLOCK) != (ssize_t)sizeof random) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        uint64_t mixed[2] = {(uint64_t)now.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)now.tv_sec,
                             (uint64_t)getpid() * 0xbf58476d1ce4e5b9ULL ^ (uint64_t)now.tv_nsec};
        memcpy(random, mixed, sizeof random);
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof random; i++) {
        token[2 * i] = hex[random[i] >> 4];
        token[2 * i + 1] = hex[random[i] & 0x0f];
    }
    token[2 * sizeof random] = '\0';
    static const char variable[] = CSYSTEM_ORPHAN_GUARD_VARIABLE "=";
    ssize_t at = 0;
    for (const char *byte = variable; *byte != '\0'; byte++) guard_entry[at++] = *byte;
    for (const char *byte = token; *byte != '\0'; byte++) guard_entry[at++] = *byte;
    guard_entry[at] = '\0';
    guard_entry_length = at;
}

/// A process's state (`R`, `S`, `Z` for a zombie, …), process group and session, as `/proc/PID/stat` gives them.
struct guard_process_status {
    char state;
    pid_t group;
    pid_t session;
};

/// The number of digits at `*at` in `chunk` (`count` bytes), 0 when there are none; moves `*at` past the field and
/// the space after it.
static pid_t guard_take_field(const char *chunk, ssize_t count, ssize_t *at) {
    pid_t number = 0;
    for (; *at < count && chunk[*at] >= '0' && chunk[*at] <= '9' && number <= 100000000; (*at)++) {
        number = number * 10 + (chunk[*at] - '0');
    }
    while (*at < count && chunk[*at] != ' ') (*at)++;
    (*at)++;
    return number;
}

/// Reads the state, group and session from `/proc/PID/stat` (`state`: a `guard_process_status`); 1 when read, 2 when
/// the text is not what the kernel writes.
static int guard_take_status(const char *chunk, ssize_t count, void *state) {
    struct guard_process_status *status = state;
    // The name in parentheses may itself hold spaces and parentheses; the fields after its last ')' are numbers:
    // ") STATE PARENT GROUP SESSION …".
    ssize_t at = count - 1;
    while (at >= 0 && chunk[at] != ')') at--;
    if (at < 0 || at + 4 >= count) return 2;
    status->state = chunk[at + 2];
    at += 4;
    guard_take_field(chunk, count, &at);
    status->group = guard_take_field(chunk, count, &at);
    status->session = guard_take_field(chunk, count, &at);
    return 1;
}

/// Milliseconds on the monotonic clock.
static int64_t guard_now_milliseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/// The read ends the guard opened on prx's pipes that its tasks write their output to (`guard_take_over_tasks`), two
/// per slot at most, and how many there are.
static struct pollfd guard_pipes[2 * GUARD_WATCHED_CAPACITY];
static int guard_pipe_count;

/// Writes the decimal digits of `id` (positive) into `digits` (16 bytes), NUL-terminated: `snprintf` is not
/// async-signal-safe.
static void guard_format_id(char *digits, pid_t id) {
    int length = 0;
    for (uint32_t rest = (uint32_t)id; rest > 0 && length < 15; rest /= 10) digits[length++] = (char)('0' + rest % 10);
    for (int low = 0, high = length - 1; low < high; low++, high--) {
        char swapped = digits[low];
        digits[low] = digits[high];
        digits[high] = swapped;
    }
    digits[length] = '\0';
}

/// Sets `*device` to the device of the kernel's pipes, from a pipe made for the purpose, and returns 1; 0 when it
/// cannot. The inode numbers prx records are those of pipes: a FIFO on a disk may have such a number on another device.
static int guard_pipe_device(dev_t *device) {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) return 0;
    struct stat status;
    int known = fstat(ends[0], &status) == 0;
    close(ends[0]);
    close(ends[1]);
    if (known) *device = status.st_dev;
    return known;
}

/// Whether `status` describes the pipe of inode `inode` on the pipes' `device`.
static int guard_is_pipe(const struct stat *status, dev_t device, uint64_t inode) {
    return S_ISFIFO(status->st_mode) && status->st_dev == device && (uint64_t)status->st_ino == inode;
}

/// The descriptors the guard holds from its start: the null device as 0, 1 and 2, and its end of the channel as 3.
#define GUARD_HELD_DESCRIPTORS 4

/// The descriptors the guard keeps free however many pipes it adopts, for the work that stops the tasks: `/proc` open,
/// a file of it being read, a descriptor being looked at and its reopening, and a margin. Under a low limit on open
/// descriptors (`ulimit -Hn`) the guard adopts fewer pipes, or none, but still signals and sweeps.
#define GUARD_SPARE_DESCRIPTORS 8

/// How many pipes the guard may adopt: what `guard_pipes` holds, within its limit on open descriptors less those it
/// holds and keeps free. Raises the limit to the hard one first, up to what that takes: the guard may be forked
/// before prx raises its own for its workers, with the limit of whoever started prx.
static int guard_pipe_budget(void) {
    int capacity = (int)(sizeof guard_pipes / sizeof guard_pipes[0]);
    rlim_t unadoptable = GUARD_HELD_DESCRIPTORS + GUARD_SPARE_DESCRIPTORS;
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    rlim_t wanted = (rlim_t)capacity + unadoptable;
    if (wanted > limit.rlim_max) wanted = limit.rlim_max;
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0 && getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    }
    if (limit.rlim_cur <= unadoptable) return 0;
    return limit.rlim_cur - unadoptable < (rlim_t)capacity ? (int)(limit.rlim_cur - unadoptable) : capacity;
}

/// What an adoption of pipes knows: the kernel's device of pipes (`guard_pipe_device`), and how many pipes it may
/// hold (`guard_pipe_budget`).
struct guard_adoption {
    dev_t device;
    int budget;
};

/// The inodes of the pipes whose read ends the guard kept from prx's descriptors at its death (`guard_keep_prx_pipes`),
/// and how many there are: their read ends are in `guard_pipes` already, and the adoption opens them no more.
static uint64_t guard_kept_inodes[2 * GUARD_WATCHED_CAPACITY];
static int guard_kept_count;

/// Whether the guard kept a read end of the pipe of inode `inode` (not 0) from prx's descriptors.
static int guard_keeps_pipe(uint64_t inode) {
    for (int i = 0; inode != 0 && i < guard_kept_count; i++) {
        if (guard_kept_inodes[i] == inode) return 1;
    }
    return 0;
}

/// The inodes of the pipes prx recorded for the tasks' leaders in the table at its death, sorted
/// (`guard_gather_recorded_pipes`), and how many there are.
static uint64_t guard_recorded_inodes[2 * GUARD_WATCHED_CAPACITY];
static int guard_recorded_count;

/// The key `guard_gather_recorded_pipes` sorts an inode by: itself (the kernel's pipes are numbered from 1 up, far
/// below 2^63).
static int64_t guard_inode_key(const void *inode) { return (int64_t)*(const uint64_t *)inode; }

/// Gathers into `guard_recorded_inodes`, sorted, the inodes of the pipes of the slots of the table (`groups`,
/// `pipes`) that hold a group: one pass over the table, where looking each descriptor up in it would take one each.
static void guard_gather_recorded_pipes(const volatile int32_t *groups, const volatile uint64_t *pipes, int slots) {
    guard_recorded_count = 0;
    for (int i = 0; i < slots; i++) {
        if (groups[i] == 0) continue;
        for (int stream = 0; stream < 2; stream++) {
            if (pipes[2 * i + stream] != 0) guard_recorded_inodes[guard_recorded_count++] = pipes[2 * i + stream];
        }
    }
    guard_sort(guard_recorded_inodes, guard_recorded_count, sizeof guard_recorded_inodes[0], guard_inode_key);
}

/// Whether `inode` is among `guard_recorded_inodes`: a pipe prx recorded for a task's leader.
static int guard_is_recorded_pipe(uint64_t inode) {
    int low = 0;
    int high = guard_recorded_count;
    while (low < high) {
        int middle = low + (high - low) / 2;
        if ((int64_t)guard_recorded_inodes[middle] < (int64_t)inode) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low < guard_recorded_count && guard_recorded_inodes[low] == inode;
}

/// The descriptors prx left that the guard keeps open until it has sent its `SIGTERM` (`guard_keep_prx_pipes`): its
/// files, whose closing may wait for a disk (a network file system writing back) and so must not hold up the signals.
static int guard_prx_leftovers[2 * GUARD_WATCHED_CAPACITY];
static int guard_prx_leftover_count;

/// Closes the descriptors of prx's that `guard_keep_prx_pipes` left open (none for a guard that shares no table).
static void guard_close_prx_leftovers(void) {
    for (int i = 0; i < guard_prx_leftover_count; i++) close(guard_prx_leftovers[i]);
    guard_prx_leftover_count = 0;
}

/// Run at prx's death by a guard that shares prx's table of descriptors (`csystem_orphan_guard_start`): the table is
/// the guard's alone now. Keeps, in `guard_pipes`, the read ends prx held of the pipes of the tasks in the table
/// (`groups`, `pipes`), so that those pipes never were without a reader and a task printing on has not been ended by
/// `SIGPIPE`. Puts the null device on prx's standard streams and closes `prx_end`, prx's end of the channel, at once:
/// what waits for prx's output to end sees its end now, and the guard learns from `channel` when the leaders that
/// still hold copies of prx's descriptors are done. prx's other descriptors (its log files, its process descriptor)
/// wait in `guard_prx_leftovers` for `guard_close_prx_leftovers`, once the signals are sent. Only read ends are kept: a
/// write end prx held (the spawn had not closed it yet) would keep its pipe from ever ending. Where `/proc/self/fd`
/// cannot be read, every descriptor but `channel` is closed at once, and the adoption opens the pipes from the tasks'
/// side, as a guard that does not share the table does.
static void guard_keep_prx_pipes(int channel, int prx_end, const volatile int32_t *groups,
                                 const volatile uint64_t *pipes, int slots) {
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        for (int standard = 0; standard <= 2; standard++) {
            if (null != standard) dup2(null, standard);
        }
        if (null > 2) close(null);
    }
    close(prx_end);
    dev_t device = 0;
    int knows_pipes = guard_pipe_device(&device);
    int directory = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory < 0) {
        if (channel > 3) {
            dup2(channel, 3);
            channel = 3;
        }
        syscall(SYS_close_range, 3U, (unsigned)channel - 1U, 0U);
        syscall(SYS_close_range, (unsigned)channel + 1U, ~0U, 0U);
        return;
    }
    guard_gather_recorded_pipes(groups, pipes, slots);
    int leftover_capacity = (int)(sizeof guard_prx_leftovers / sizeof guard_prx_leftovers[0]);
    // The kernel lists /proc/self/fd by number, from where the last read ended: closing those listed does not
    // disturb the reading.
    for (;;) {
        ssize_t count = getdents64(directory, guard_entries, sizeof guard_entries);
        if (count <= 0) break;
        for (ssize_t offset = 0; offset < count;) {
            struct dirent64 *entry = (struct dirent64 *)(guard_entries + offset);
            offset += entry->d_reclen;
            // A descriptor's number, read as a process id is (0 for `.` and `..`).
            pid_t descriptor = guard_parse_pid(entry->d_name);
            if (descriptor <= 2 || descriptor == channel || descriptor == directory) continue;
            struct stat status;
            int flags = fcntl(descriptor, F_GETFL);
            if (knows_pipes && guard_pipe_count < (int)(sizeof guard_pipes / sizeof guard_pipes[0]) && flags >= 0
                && (flags & O_ACCMODE) == O_RDONLY && fstat(descriptor, &status) == 0 && S_ISFIFO(status.st_mode)
                && status.st_dev == device && !guard_keeps_pipe((uint64_t)status.st_ino)
                && guard_is_recorded_pipe((uint64_t)status.st_ino)) {
                fcntl(descriptor, F_SETFL, flags | O_NONBLOCK);
                guard_pipes[guard_pipe_count++] = (struct pollfd){.fd = descriptor, .events = POLLIN};
                guard_kept_inodes[guard_kept_count++] = (uint64_t)status.st_ino;
            } else if (guard_prx_leftover_count < leftover_capacity) {
                guard_prx_leftovers[guard_prx_leftover_count++] = descriptor;
            } else {
                close(descriptor);
            }
        }
    }
    close(directory);
}

/// Opens for reading the pipe that descriptor `descriptor` (`fd/1` or `fd/2`) of the process of `/proc` entry `pid`
/// (`/proc` open as `proc`) is, when it is one of the two pipes whose inodes `inodes` holds, and adds it to
/// `guard_pipes`, clearing its inode in `inodes`; returns 1 when it did. Nothing when `guard_pipes` holds the
/// adoption's budget already.
///
/// The descriptor is first opened with `O_PATH`, which names the file the descriptor is at that moment without opening
/// it: no side effect of an open can come from a file that is not the pipe (a FIFO's writer waiting for a reader, a
/// terminal, a device). Only once it is seen to be the pipe is it opened for reading, through `/proc/self/fd` of the
/// `O_PATH` descriptor, which opens the very file that descriptor names, whatever the process has done since with its
/// own. Looking at `/proc/PID/fd/N` and then opening it, as two steps, opened whatever the process had put on the
/// descriptor in between (`dup2`, `exec >fifo`).
static int guard_adopt_descriptor(const struct guard_adoption *adoption, int proc, const char *pid,
                                  const char *descriptor, uint64_t *inodes) {
    if (guard_pipe_count >= adoption->budget) return 0;
    char path[64];
    guard_proc_path(path, pid, descriptor);
    int handle = openat(proc, path, O_PATH | O_CLOEXEC);
    if (handle < 0) return 0;
    struct stat status;
    int stream = -1;
    if (fstat(handle, &status) == 0) {
        for (int candidate = 0; candidate < 2 && stream < 0; candidate++) {
            uint64_t inode = inodes[candidate];
            if (inode != 0 && guard_is_pipe(&status, adoption->device, inode)) stream = candidate;
        }
    }
    int pipe = -1;
    if (stream >= 0) {
        char digits[16];
        guard_format_id(digits, handle);
        guard_proc_path(path, "self/fd", digits);
        pipe = openat(proc, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    }
    close(handle);
    if (pipe < 0) return 0;
    if (fstat(pipe, &status) != 0 || !guard_is_pipe(&status, adoption->device, inodes[stream])) {
        close(pipe);
        return 0;
    }
    guard_pipes[guard_pipe_count++] = (struct pollfd){.fd = pipe, .events = POLLIN};
    inodes[stream] = 0;
    return 1;
}

/// A task's session, as the guard takes it over at prx's death: the slots whose pipes prx recorded are its tasks'
/// leaders, and a leader's id is its session's (it made the session as its first step). Besides the task's own group,
/// the session may hold groups the task made (`set -m` in a shell, `timeout(1)`), which prx records only while it
/// stops the task: they hold the task's pipes as the leader does, and are stopped with it.
struct guard_task_session {
    /// The session's id.
    pid_t session;
    /// The inodes of the pipes prx gave the task's leader that the guard has yet to adopt (0 for none, or adopted).
    uint64_t inodes[2];
    /// The next look through the sessions (`guard_look_through_sessions`) looks for its processes.
    char looked_for;
    /// That look found one of them.
    char found;
    /// A look found none: the session has ended, and its id may be given again, to a process that makes a session
    /// of its own. It is never looked for again.
    char ended;
};

/// The tasks' sessions, sorted by id for `guard_find_task_session`, and how many there are.
static struct guard_task_session guard_task_sessions[GUARD_WATCHED_CAPACITY];
static int guard_task_session_count;

/// The task session of each slot of the table (0 for none): a task's leader's own, and that of a group found in one.
/// A session is looked for only while a slot of it holds a group that has not ended, which keeps its id from any
/// other session, or by the look made as the last of them ends (`guard_forget_ended`).
static pid_t guard_slot_sessions[GUARD_WATCHED_CAPACITY];

_Static_assert(sizeof(struct guard_task_session) <= GUARD_SORT_ELEMENT_LIMIT, "guard_sort moves a task session");

/// The key `guard_task_sessions` is sorted by: the session's id.
static int64_t guard_task_session_key(const void *task) { return ((const struct guard_task_session *)task)->session; }

/// The entry of `guard_task_sessions` (sorted) for `session`, or NULL.
static struct guard_task_session *guard_find_task_session(pid_t session) {
    int low = 0;
    int high = guard_task_session_count;
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (guard_task_sessions[middle].session < session) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low < guard_task_session_count && guard_task_sessions[low].session == session ? &guard_task_sessions[low]
                                                                                            : NULL;
}

/// What a look through the tasks' sessions does: adopts the pipes left to adopt (with `adoption`, or none when NULL),
/// records the groups found in the table (`groups`, of `slots` slots) and sends those it records `signal` (0 for none).
struct guard_session_look {
    const struct guard_adoption *adoption;
    volatile int32_t *groups;
    int slots;
    int signal;
    /// The group the look met last, and its session: the processes of a group often come one after another in
    /// `/proc`, and the table, which only the look changes meanwhile, need not be gone through again for each.
    pid_t last_group;
    pid_t last_session;
};

/// Records `group`, found in the task session `session`, in a slot of the look's table, noting its session, unless
/// the table holds it already (then notes the session of its slot, if it had none: a group prx recorded as it
/// stopped the task); sends a group it records the look's signal. A group the full table has no room for is left.
/// The group the look met last is passed over: what was done for it stands.
static void guard_record_session_group(struct guard_session_look *look, pid_t group, pid_t session) {
    if (group == look->last_group && session == look->last_session) return;
    look->last_group = group;
    look->last_session = session;
    int empty = -1;
    for (int i = 0; i < look->slots; i++) {
        int32_t value = look->groups[i];
        if (value == 0) {
            if (empty < 0) empty = i;
        } else if (guard_slot_id(value) == group) {
            if (guard_slot_sessions[i] == 0) guard_slot_sessions[i] = session;
            return;
        }
    }
    if (empty < 0) return;
    look->groups[empty] = group;
    guard_slot_sessions[empty] = session;
    if (look->signal != 0) guard_signal_group(group, look->signal);
}

/// When process `pid` (`name`, its directory under `proc`) is alive in a session looked for (`state`: a
/// `guard_session_look`), adopts from its standard output and error the session's pipes left to adopt, and records
/// its group when it is another than the task's; returns 1 when it is. Its group and session are read together from
/// its `/proc/PID/stat` once `getsid` has named a session looked for: a process given the id in between is in
/// another session.
static int guard_visit_session_member(int proc, pid_t pid, const char *name, void *state) {
    struct guard_session_look *look = state;
    struct guard_task_session *task = guard_find_task_session(getsid(pid));
    if (task == NULL || !task->looked_for) return 0;
    char path[64];
    struct guard_process_status status = {0, 0, 0};
    guard_proc_path(path, name, "stat");
    if (guard_read_file(proc, path, guard_take_status, &status) != 1 || status.session != task->session) return 0;
    if (status.state == 'Z' || status.state == 'X') return 0;
    task->found = 1;
    if (look->adoption != NULL && (task->inodes[0] != 0 || task->inodes[1] != 0)) {
        guard_adopt_descriptor(look->adoption, proc, name, "fd/1", task->inodes);
        guard_adopt_descriptor(look->adoption, proc, name, "fd/2", task->inodes);
    }
    if (status.group != task->session) guard_record_session_group(look, status.group, task->session);
    return 1;
}

/// Looks through the processes, in one pass through `/proc`, for those of the task sessions marked `looked_for`
/// (`guard_visit_session_member`), and marks ended those it found none of; returns how many it found, or 0 when no
/// session is looked for (no look is made then).
static int guard_look_through_sessions(struct guard_session_look *look) {
    int wanted = 0;
    for (int i = 0; i < guard_task_session_count; i++) wanted += guard_task_sessions[i].looked_for;
    if (wanted == 0) return 0;
    int found = guard_count_processes(guard_visit_session_member, look, 0);
    for (int i = 0; i < guard_task_session_count; i++) {
        struct guard_task_session *task = &guard_task_sessions[i];
        if (task->looked_for && !task->found) task->ended = 1;
        task->looked_for = 0;
        task->found = 0;
    }
    return found > 0 ? found : 0;
}

/// Looks through every task session not known to have ended, recording the groups found in them and sending those
/// it records `signal`; returns how many processes it found in them. Run with `SIGKILL` as the grace ends: a group
/// made in a session since the last look is recorded and killed.
static int guard_look_through_every_session(volatile int32_t *groups, int slots, int signal) {
    for (int i = 0; i < guard_task_session_count; i++) {
        guard_task_sessions[i].looked_for = !guard_task_sessions[i].ended;
    }
    struct guard_session_look look = {NULL, groups, slots, signal, 0, 0};
    return guard_look_through_sessions(&look);
}

/// Takes over the tasks at prx's death, before the `SIGTERM`: gathers their sessions (`guard_task_sessions`), opens a
/// read end of each of prx's pipes that its tasks still write their standard output or error to, and records in the
/// table the other groups of the tasks' sessions, which the guard then stops as it does the tasks' own.
///
/// prx held the only read ends of the pipes, gone with it: a process writing to a pipe with none is ended by
/// `SIGPIPE`, so that a task whose `SIGTERM` handler prints a word (bash's own "Terminated" line too) died at its first
/// write and never had its grace. What comes is read and dropped (`guard_drain_pipes`). Only the pipes prx made for
/// the task in a slot of the table (`groups`): `pipes` holds, for each slot, the inodes of the pipes its leader's
/// standard output and error were given (0 for none: a group that is no task's leader), and a descriptor is opened for
/// reading only when it is one of them (`guard_adopt_descriptor`): the id may belong to another process by now, and a
/// stray daemon's output may be a pipe another program reads, whose lines are not the guard's to take; nor is a
/// terminal or device opened. They are looked for on the leader's descriptors 1 and 2, in `/proc/PID/fd`, then, for
/// those not found there (the leader has exited while the other processes of its session write on, or has put other
/// files on its descriptors), on the descriptors 1 and 2 of the processes of the task's session, in the look through
/// `/proc` (`guard_look_through_sessions`, a `getsid` for each process) that finds the session's other groups. At most
/// `guard_pipe_budget` pipes are adopted: under a low limit on open descriptors, the others are left unread.
static void guard_take_over_tasks(volatile int32_t *groups, const volatile uint64_t *pipes, int slots) {
    struct guard_adoption adoption = {0, 0};
    int proc = -1;
    if (guard_pipe_device(&adoption.device)) {
        adoption.budget = guard_pipe_budget();
        if (adoption.budget > 0) proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    for (int i = 0; i < slots; i++) {
        int32_t value = groups[i];
        struct guard_task_session task = {guard_slot_id(value), {pipes[2 * i], pipes[2 * i + 1]}, 1, 0, 0};
        if (value == 0 || (task.inodes[0] == 0 && task.inodes[1] == 0)) continue;
        guard_slot_sessions[i] = task.session;
        for (int stream = 0; stream < 2; stream++) {
            if (guard_keeps_pipe(task.inodes[stream])) task.inodes[stream] = 0;
        }
        if (proc >= 0) {
            char leader[16];
            guard_format_id(leader, task.session);
            guard_adopt_descriptor(&adoption, proc, leader, "fd/1", task.inodes);
            guard_adopt_descriptor(&adoption, proc, leader, "fd/2", task.inodes);
        } else {
            task.inodes[0] = task.inodes[1] = 0;
        }
        guard_task_sessions[guard_task_session_count++] = task;
    }
    if (proc >= 0) close(proc);
    guard_sort(guard_task_sessions, guard_task_session_count, sizeof guard_task_sessions[0], guard_task_session_key);
    struct guard_session_look look = {proc >= 0 ? &adoption : NULL, groups, slots, 0, 0, 0};
    guard_look_through_sessions(&look);
}

/// The groups of the table that have not ended, gathered by `guard_forget_ended` for `guard_any_left`.
static pid_t guard_watched[GUARD_WATCHED_CAPACITY];

/// Forgets the task session of slot `i` (`guard_slot_sessions`), whose group has ended, and marks it to be looked
/// for when it is one not known to have ended; returns 1 when it marked it.
static int guard_release_slot_session(int i) {
    struct guard_task_session *task = guard_find_task_session(guard_slot_sessions[i]);
    guard_slot_sessions[i] = 0;
    if (task == NULL || task->ended) return 0;
    task->looked_for = 1;
    return 1;
}

/// Looks through the task sessions marked by `guard_release_slot_session` that no slot of the table (`groups`) holds
/// any more: each group of theirs that the guard knew has ended, and the ids of those made since (by a process of a
/// group that has ended since) are recorded, so that the session is watched for as long as it has processes. They
/// are sent no `SIGTERM`: made after the guard's, as a process forked after it, they get its `SIGKILL` after the
/// grace.
static void guard_look_through_unheld_sessions(volatile int32_t *groups, int slots) {
    for (int i = 0; i < slots; i++) {
        if (groups[i] == 0 || guard_slot_sessions[i] == 0) continue;
        struct guard_task_session *task = guard_find_task_session(guard_slot_sessions[i]);
        if (task != NULL) task->looked_for = 0;
    }
    struct guard_session_look look = {NULL, groups, slots, 0, 0, 0};
    guard_look_through_sessions(&look);
}

/// Clears from the table (`groups`) each group that has ended: no process, not even a zombie, is in it. Nothing can
/// join such a group, and its id may be given to a new process, which the guard must not signal. A task session whose
/// last slot this clears is looked through for groups made since (`guard_look_through_unheld_sessions`). Gathers the
/// groups left into `guard_watched` and returns how many they are.
static int guard_forget_ended(volatile int32_t *groups, int slots) {
    int unheld = 0;
    for (int i = 0; i < slots; i++) {
        int32_t value = groups[i];
        if (value == 0) continue;
        pid_t group = guard_slot_id(value);
        if (kill(-group, 0) < 0 && errno == ESRCH) {
            groups[i] = 0;
            unheld += guard_release_slot_session(i);
        }
    }
    if (unheld > 0) guard_look_through_unheld_sessions(groups, slots);
    int watched = 0;
    for (int i = 0; i < slots; i++) {
        if (groups[i] != 0) guard_watched[watched++] = guard_slot_id(groups[i]);
    }
    return watched;
}

/// What is left for the guard to stop: the first `watched` slots of `guard_watched`, and the processes with
/// `entry` in their environment.
struct guard_leftovers {
    const char *entry;
    ssize_t length;
    int watched;
};

/// 1 when process `pid` (`name`, its directory under `proc`) is alive and in a watched group (`state`: a
/// `guard_leftovers`).
static int guard_is_watched_and_alive(int proc, pid_t pid, const char *name, void *state) {
    (void)pid;
    const struct guard_leftovers *leftovers = state;
    char path[64];
    struct guard_process_status status = {0, 0, 0};
    guard_proc_path(path, name, "stat");
    if (guard_read_file(proc, path, guard_take_status, &status) != 1) return 0;
    if (status.state == 'Z' || status.state == 'X') return 0;
    return guard_contains(guard_watched, leftovers->watched, status.group);
}

/// 1 when the process of `name` carries the token and is no guard (`state`: a `guard_leftovers`).
static int guard_is_carrier(int proc, pid_t pid, const char *name, void *state) {
    (void)pid;
    const struct guard_leftovers *leftovers = state;
    return guard_carries_token(proc, name, leftovers->entry, leftovers->length);
}

/// Whether a process is left for the guard to stop, zombies aside (they have ended; only their parent's `wait` is
/// missing): one in the first `watched` groups of `guard_watched`, or one, no guard, with `entry` in its environment;
/// 1 when `/proc` cannot be read. The look stops at the first one: first by the status of each process, and only when
/// there are watched groups (`guard_forget_ended` has cleared those that are gone, by `kill` alone), then by their
/// environments.
static int guard_any_left(const char *entry, ssize_t length, int watched) {
    struct guard_leftovers leftovers = {entry, length, watched};
    if (watched > 0) {
        int found = guard_count_processes(guard_is_watched_and_alive, &leftovers, 1);
        if (found != 0) return 1;
    }
    return guard_count_processes(guard_is_carrier, &leftovers, 1) != 0;
}

/// Waits `milliseconds`, reading and dropping what comes on the adopted pipes meanwhile, whatever comes; a pipe no
/// process writes to any more is closed. Without pipes (or should `poll` fail), sleeps.
static void guard_drain_pipes(int64_t milliseconds) {
    int64_t deadline = guard_now_milliseconds() + milliseconds;
    for (int64_t left = milliseconds; left > 0; left = deadline - guard_now_milliseconds()) {
        int ready = guard_pipe_count > 0 ? poll(guard_pipes, (nfds_t)guard_pipe_count, (int)left) : -1;
        if (ready < 0 && (guard_pipe_count == 0 || errno != EINTR)) {
            struct timespec time = {left / 1000, (long)(left % 1000) * 1000000L};
            while (nanosleep(&time, &time) != 0 && errno == EINTR) {}
            return;
        }
        for (int i = 0; ready > 0 && i < guard_pipe_count; i++) {
            if (guard_pipes[i].revents == 0) continue;
            // One read per pipe and look: reading a pipe until it is empty, which one written as fast as it is read
            // never is, would hold the guard past its deadline. What is left makes the next `poll` return at once.
            ssize_t count = read(guard_pipes[i].fd, guard_buffer, sizeof guard_buffer);
            if (count == 0 || (guard_pipes[i].revents & (POLLERR | POLLNVAL))) {
                close(guard_pipes[i].fd);
                guard_pipes[i--] = guard_pipes[--guard_pipe_count];
            }
        }
    }
}

/// Waits, after the `SIGTERM`, for everything the guard stops to end, or for `grace_milliseconds` to pass; returns
/// 1 when everything ended, 0 when the grace ran out first. It looks after 10 ms, then at twice the last pause, up to
/// every 100 ms, so that prx resumed after its death waits for no grace its tasks did not need (`--resume` waits for
/// the guard to end); a look that finds nothing is made again at once, for a process forked while it read `/proc`,
/// and then the tasks' sessions are looked through (`guard_look_through_every_session`): a group made in one since the
/// guard's look, whose maker has ended, is in no slot, and one whose groups have all ended but for zombies (their
/// parent gone with prx, init has yet to reap them) still holds its session's id from other sessions. A group found
/// so is watched from then on.
static int guard_await_end(const char *entry, ssize_t length, volatile int32_t *groups, int slots,
                           int64_t grace_milliseconds) {
    int64_t deadline = guard_now_milliseconds() + grace_milliseconds;
    int64_t pause = 10;
    for (;;) {
        int64_t left = deadline - guard_now_milliseconds();
        if (left <= 0) return 0;
        guard_drain_pipes(pause < left ? pause : left);
        pause = pause * 2 < 100 ? pause * 2 : 100;
        int watched = guard_forget_ended(groups, slots);
        if (!guard_any_left(entry, length, watched) && !guard_any_left(entry, length, watched)
            && guard_look_through_every_session(groups, slots, 0) == 0) {
            return 1;
        }
    }
}

/// Ignores every signal that would end the guard, but `SIGKILL` (and `SIGSTOP`, which only stops it): prx's
/// protection from its own `SIGKILL` is the guard, which so ends only with prx (or by `SIGKILL`, which prx notices and
/// warns of). A `kill` of its PID, or `pkill prx` (whose pattern names the guard too), would otherwise end it quietly,
/// and a prx killed afterwards would leave its tasks running; prx itself stops its tasks at `SIGTERM`, `SIGINT` and
/// `SIGHUP` and then ends, and the guard with it. Run first after the fork: a signal sent the guard from then on finds
/// it ignored. The signals of a fault of the guard's own
/// (`SIGSEGV`, `SIGBUS`, …) still end it: the kernel delivers those at their default action whatever the disposition.
/// `SIGCHLD`, `SIGCONT`, `SIGURG` and `SIGWINCH` end no process and are left as they are; so are the real-time signals
/// that the C library keeps for itself, whose `sigaction` fails.
static void guard_ignore_signals(void) {
    struct sigaction ignore = {0};
    ignore.sa_handler = SIG_IGN;
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal == SIGKILL || signal == SIGSTOP || signal == SIGCHLD || signal == SIGCONT || signal == SIGURG
            || signal == SIGWINCH) {
            continue;
        }
        sigaction(signal, &ignore, NULL);
    }
}

/// Where and what the guard writes as its command line (`/proc/PID/cmdline`, which `ps -f`, `ps aux` and `pgrep -f`
/// show): forked without exec, it would show prx's own, the same as prx's in every column but the PID.
struct guard_title {
    /// prx's argument strings, NULs included, from the kernel's `arg_start` to its `arg_end`; NULL for no title.
    char *area;
    size_t length;
    /// `prx-guard (for prx PID)`, or `prx-guard` alone where the arguments are too short for that.
    char text[40];
};

/// The title of the guard about to be forked by this process (run before the fork, by prx): written over the argument
/// strings, within their bytes, only where they are those the C library took `argv[0]` from (`arg_start` in
/// `/proc/self/stat` is `program_invocation_name`) and hold `prx-guard` at least; otherwise none (`area` NULL), and the
/// guard shows prx's command line, its name still `prx-guard` in `ps -e`. The bytes after the text are NULs, the last
/// one's among them: the kernel then reads the command line from within the arguments alone.
static struct guard_title guard_make_title(void) {
    struct guard_title title = {NULL, 0, {0}};
    char stat[4096];
    int file = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (file < 0) return title;
    ssize_t count = read(file, stat, sizeof stat - 1);
    close(file);
    if (count <= 0) return title;
    stat[count] = '\0';
    const char *name_end = strrchr(stat, ')');
    if (name_end == NULL) return title;
    // The fields after the name are numbers, one space apart: the state is field 3, arg_start 48, arg_end 49.
    uint64_t start = 0, end = 0, value = 0;
    int field = 2;
    for (const char *byte = name_end + 1; *byte != '\0' && *byte != '\n' && field <= 49; byte++) {
        if (*byte == ' ') {
            field++;
            value = 0;
            continue;
        }
        value = value * 10 + (uint64_t)(*byte - '0');
        if (field == 48) start = value;
        if (field == 49) end = value;
    }
    if (start == 0 || end <= start || start != (uint64_t)(uintptr_t)program_invocation_name) return title;
    int written = snprintf(title.text, sizeof title.text, "%s (for prx %d)", guard_name, (int)getpid());
    if (written < 0 || (size_t)written >= sizeof title.text || (size_t)written >= end - start) {
        if (sizeof guard_name > end - start) return title;
        memcpy(title.text, guard_name, sizeof guard_name);
    }
    title.area = (char *)(uintptr_t)start;
    title.length = (size_t)(end - start);
    return title;
}

/// Writes `title` over prx's argument strings in the guard's own copy of them (a byte at a time: after the fork).
static void guard_write_title(const struct guard_title *title) {
    if (title->area == NULL) return;
    size_t at = 0;
    for (; title->text[at] != '\0'; at++) title->area[at] = title->text[at];
    for (; at < title->length; at++) title->area[at] = '\0';
}

static void guard_run(int channel, const volatile int64_t *grace, volatile int32_t *groups,
                      const volatile uint64_t *pipes, int slots) {
    char ignored[64];
    for (;;) {
        ssize_t count = read(channel, ignored, sizeof ignored);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
    }
    const char *entry = guard_entry;
    ssize_t length = guard_entry_length;
    int groups_left = guard_has_groups(groups, slots);
    if (groups_left) {
        guard_take_over_tasks(groups, pipes, slots);
        guard_signal_all(groups, slots, SIGTERM);
    }
    int strays = guard_sweep(entry, length, SIGTERM, groups, slots);
    guard_close_prx_leftovers();
    if (groups_left || strays > 0) {
        int64_t grace_milliseconds = *grace > 0 ? *grace : 0;
        // Everything ended within the grace: no SIGKILL, which could only reach processes given the ids since.
        if (guard_await_end(entry, length, groups, slots, grace_milliseconds)) _exit(0);
        guard_signal_all(groups, slots, SIGKILL);
        // A process forked while the last look read /proc is found by the next.
        for (int round = 0; round < 3; round++) {
            int found = guard_look_through_every_session(groups, slots, SIGKILL);
            if (found + guard_sweep(entry, length, SIGKILL, groups, slots) == 0) break;
        }
    }
    _exit(0);
}

/// Returns once prx, process `prx_id`, has died: its process descriptor `prx` readable, and the guard, its child, given
/// another parent. The parent is asked as well, so that nothing but prx's death lets the guard on to close what it
/// shares with prx: a wake-up that is not that death (the descriptor closed in the table by mistake, `POLLNVAL`) turns
/// the wait into a look at the parent every 100 ms.
static void guard_await_prx_death(int prx, pid_t prx_id) {
    struct pollfd death = {.fd = prx, .events = POLLIN};
    while (getppid() == prx_id) {
        if (death.fd < 0) {
            struct timespec pause = {0, 100 * 1000 * 1000};
            nanosleep(&pause, NULL);
            continue;
        }
        int ready = poll(&death, 1, -1);
        if ((ready > 0 || (ready < 0 && errno != EINTR)) && getppid() == prx_id) death.fd = -1;
    }
}

/// The guard of a prx whose table of descriptors it shares (`csystem_orphan_guard_start`): waits for prx's death
/// (`guard_await_prx_death`), keeps prx's read ends of its tasks' pipes and closes its end of the channel
/// (`guard_keep_prx_pipes`), then goes on as every guard does, from the end of file on `channel`.
static void guard_run_sharing(int prx, pid_t prx_id, int prx_end, int channel, const volatile int64_t *grace,
                              volatile int32_t *groups, const volatile uint64_t *pipes, int slots) {
    guard_await_prx_death(prx, prx_id);
    guard_keep_prx_pipes(channel, prx_end, groups, pipes, slots);
    guard_run(channel, grace, groups, pipes, slots);
}

pid_t csystem_orphan_guard_start(int *report_fd, int64_t **grace, int32_t **groups, uint64_t **pipes, int slots,
                                 char *token) {
    if (slots < 0 || slots > GUARD_WATCHED_CAPACITY) {
        errno = EINVAL;
        return -1;
    }
    guard_make_token(token);
    struct guard_title title = guard_make_title();
    // The grace, the groups, then the pipes' inodes, each aligned for its values: the grace is one 64-bit store,
    // which the guard, reading it once prx is dead, never sees half made.
    size_t groups_size = ((size_t)slots * sizeof(int32_t) + sizeof(uint64_t) - 1) & ~(sizeof(uint64_t) - 1);
    size_t size = sizeof(int64_t) + groups_size + (size_t)slots * 2 * sizeof(uint64_t);
    void *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) return -1;
    int64_t *shared_grace = shared;
    int32_t *shared_groups = (int32_t *)((char *)shared + sizeof(int64_t));
    uint64_t *shared_pipes = (uint64_t *)((char *)shared_groups + groups_size);
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        munmap(shared, size);
        return -1;
    }
    // The guard shares prx's table of descriptors where it can watch prx's end with a process descriptor of prx:
    // prx's read ends of its tasks' pipes then outlive prx (the channel's end of file, with prx's end in the table
    // the guard holds too, could not tell it of prx's death). Forked as fork does, without glibc's wrapper, which
    // cannot share the table: the guard calls only what the comment at the top lists.
    pid_t prx_id = getpid();
    int prx = csystem_pidfd_open(prx_id, 0);
    pid_t pid = prx >= 0 ? (pid_t)syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, NULL, NULL, 0) : fork();
    if (pid < 0) {
        int saved = errno;
        if (prx >= 0) close(prx);
        close(ends[0]);
        close(ends[1]);
        munmap(shared, size);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        guard_ignore_signals();
        setsid();
        prctl(PR_SET_NAME, guard_name, 0, 0, 0);
        guard_write_title(&title);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        // Sharing the table, the guard touches no descriptor while prx lives: each is prx's too.
        if (prx >= 0) {
            guard_run_sharing(prx, prx_id, ends[0], ends[1], shared_grace, shared_groups, shared_pipes, slots);
        }
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        // Keep only the guard's end of the channel, as descriptor 3: no log file, pipe or the channel's other end.
        // prx's end is closed by name first: were it left open here, the guard would never see end of file.
        if (ends[0] != 3) close(ends[0]);
        if (dup2(ends[1], 3) < 0) _exit(1);
        syscall(SYS_close_range, 4U, ~0U, 0U);
        guard_run(3, shared_grace, shared_groups, shared_pipes, slots);
    }
    // In a shared table, the guard's end and prx's process descriptor are the guard's as well: left open.
    if (prx < 0) close(ends[1]);
    *report_fd = ends[0];
    *grace = shared_grace;
    *groups = shared_groups;
    *pipes = shared_pipes;
    return pid;
}
