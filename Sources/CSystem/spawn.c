#define _GNU_SOURCE
#include "csystem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

// posix_spawn with a cheaper start, for a process that starts thousands of tasks a second. glibc's posix_spawn
// clones with CLONE_VM | CLONE_VFORK: the calling thread is suspended until the child has done its set-up and
// reached exec, and when the child, leader of a new session and so of a new scheduler autogroup, waits for a core,
// the caller waits with it (on a loaded machine, milliseconds per task). It also maps a fresh stack for every child
// and unmaps it after (the unmap interrupts every other core running one of prx's threads to flush its TLB),
// checks every file action's descriptor against RLIMIT_NOFILE with a getrlimit each, and has no way to hand back
// a pidfd.
//
// Here the child is cloned with CLONE_VM alone and the caller goes on at once. The child runs in an area of its
// own (a stack below a guard page, and a copy of the request it reads, so that the caller may free its own),
// which is reused for a later child once this one has exited; the pidfd comes from CLONE_PIDFD; a failure before
// exec is left in the area, and the child exits with 127.
//
// The child shares the caller's memory while the caller's threads go on running, and it runs with the calling
// thread's thread pointer: until exec it reads only its area, writes only its stack and the area's `failure`,
// allocates nothing, and makes its system calls directly (`spawn_syscall`), since the C library's wrappers would
// set the calling thread's errno from the child, under that thread's feet.

/// The child's stack: its frames and the path buffer of the PATH search, with room to spare for stack probes.
enum { spawn_stack_size = 48 * 1024 };

struct csystem_spawn_area {
    /// The whole mapping: a guard page, the stack, this header and the copied request.
    size_t mapping_size;
    /// Bytes for the copied request's strings and arrays, after the header.
    size_t capacity;
    /// The errno of the step that failed in the child, 0 when it reached exec (or has not run yet).
    volatile int failure;
    /// Which step that was, `csystem_spawn_step_none` when none failed.
    volatile enum csystem_spawn_step failed_step;
    /// Non-zero when the child sets `descriptor_limit` before its exec: prx raised its own.
    int restores_descriptor_limit;
    /// The limits on open descriptors prx was started with (`spawn_task_descriptor_limit`).
    struct rlimit descriptor_limit;
    /// The request, its pointers into the bytes after the header.
    struct csystem_spawn_request request;
    _Alignas(16) char bytes[];
};

/// The limits on open descriptors prx was started with, before `csystem_raise_descriptor_limit` raised its soft
/// limit for its own workers, and whether it did: written once, before the first task is started, and copied into
/// each child's area, so that a task sees the `ulimit -n` the user gave prx, not the one prx needs.
static struct rlimit spawn_task_descriptor_limit;
static int spawn_descriptor_limit_raised;

/// A system call made directly, leaving errno alone: the result, or -errno.
static long spawn_syscall(long number, long a1, long a2, long a3, long a4) {
#if defined(__x86_64__)
    register long r10 __asm__("r10") = a4;
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
                     : "rcx", "r11", "memory");
    return result;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = number;
    register long x0 __asm__("x0") = a1;
    register long x1 __asm__("x1") = a2;
    register long x2 __asm__("x2") = a3;
    register long x3 __asm__("x3") = a4;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory", "cc");
    return x0;
#else
#error "prx's spawn makes system calls directly; add this architecture's calling sequence"
#endif
}

/// The kernel's `struct sigaction` (not the C library's), for `rt_sigaction`.
struct spawn_kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

// The child calls no function of the C library either: the first call of one through the procedure linkage table
// runs the dynamic linker's lazy binding, in the child, on the spawning thread's thread pointer (its lookup state,
// its audit hooks). These loops stand in for strlen, strchrnul and memcpy; SPAWN_CHILD_LOOP keeps the compiler from
// making them calls to those functions again: clang's `no_builtin`, and for GCC (which ignores that attribute, and
// compiles this file for scripts/bench's contract floor) its loop-to-library-call pass turned off.
#if defined(__clang__)
#define SPAWN_CHILD_LOOP __attribute__((no_builtin))
#else
#define SPAWN_CHILD_LOOP __attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

/// The length of `string`, as strlen.
SPAWN_CHILD_LOOP static size_t spawn_child_length(const char *string) {
    size_t length = 0;
    while (string[length] != '\0') length++;
    return length;
}

/// The first `byte` in `string`, or its terminating NUL, as strchrnul.
SPAWN_CHILD_LOOP static const char *spawn_child_find(const char *string, char byte) {
    while (*string != '\0' && *string != byte) string++;
    return string;
}

/// Copies `count` bytes from `source` to `target`, as memcpy.
SPAWN_CHILD_LOOP static void spawn_child_copy(char *target, const char *source, size_t count) {
    for (size_t index = 0; index < count; index++) target[index] = source[index];
}

/// Duplicates `fd` onto `target`; when they are equal, clears close-on-exec instead, as posix_spawn's dup2
/// action does. Returns 0 or -errno.
static long spawn_child_place(int fd, int target) {
    if (fd == target) {
        long flags = spawn_syscall(SYS_fcntl, fd, F_GETFD, 0, 0);
        return flags < 0 ? flags : spawn_syscall(SYS_fcntl, fd, F_SETFD, flags & ~FD_CLOEXEC, 0);
    }
    long result = spawn_syscall(SYS_dup3, fd, target, 0, 0);
    return result < 0 ? result : 0;
}

/// Runs `program` from each directory of `search_path` in turn, as execvp does: a directory where it is not
/// found (or cannot be searched) is skipped, and EACCES is reported if any directory had it without permission.
/// Returns the errno to report.
static int spawn_child_exec_searching(const char *program, const char *search_path, char *const arguments[],
                                      char *const environment[]) {
    size_t program_length = spawn_child_length(program);
    if (program_length > NAME_MAX) return ENAMETOOLONG;
    char path[PATH_MAX];
    int seen_permission_denied = 0;
    const char *entry = search_path;
    while (1) {
        const char *end = spawn_child_find(entry, ':');
        size_t directory_length = (size_t)(end - entry);
        if (directory_length + 1 + program_length + 1 <= sizeof path) {
            // An empty entry means the current directory.
            size_t length = 0;
            if (directory_length > 0) {
                spawn_child_copy(path, entry, directory_length);
                length = directory_length;
                path[length++] = '/';
            }
            spawn_child_copy(path + length, program, program_length + 1);
            long error = -spawn_syscall(SYS_execve, (long)path, (long)arguments, (long)environment, 0);
            switch (error) {
            case EACCES:
                seen_permission_denied = 1;
                break;
            case ENOENT:
            case ENOTDIR:
            case ESTALE:
            case ENODEV:
            case ETIMEDOUT:
                break;
            default:
                return (int)error;
            }
        }
        if (*end == '\0') break;
        entry = end + 1;
    }
    return seen_permission_denied ? EACCES : ENOENT;
}

/// The bit of `signal_number` in a kernel signal set.
static unsigned long spawn_signal_bit(int signal_number) { return 1UL << (signal_number - 1); }

/// Gives `handler` as the action of every signal in `signals` (SIGKILL and SIGSTOP, which take none, left out). The
/// system call, not sigaction(), which refuses glibc's internal signals (32 and 33). Field by field: an initialiser
/// may compile to a call of memset.
static void spawn_child_set_actions(void (*handler)(int), unsigned long signals) {
    struct spawn_kernel_sigaction action;
    action.handler = handler;
    action.flags = 0;
    action.restorer = NULL;
    action.mask = 0;
    for (int signal_number = 1; signal_number < _NSIG; signal_number++) {
        if (signal_number == SIGKILL || signal_number == SIGSTOP || (signals & spawn_signal_bit(signal_number)) == 0) {
            continue;
        }
        spawn_syscall(SYS_rt_sigaction, signal_number, (long)&action, 0, sizeof action.mask);
    }
}

/// Discards the signals waiting, blocked, in a child that has just made its session: they were sent to prx's
/// process group while the child was still in it (a terminal's Ctrl-C or hangup, which prx handles or ignores), not
/// to the task, which no terminal signal reaches once it leads its session, and unblocked they would end the task
/// as it starts (`killed by signal 1 (SIGHUP)` in a `nohup` run). Setting a signal's action to SIG_IGN discards it.
/// SIGTERM is kept: prx sends it to the child by its id when it stops a task that has not made its session yet.
static void spawn_child_discard_group_signals(void) {
    unsigned long pending = 0;
    if (spawn_syscall(SYS_rt_sigpending, (long)&pending, sizeof pending, 0, 0) < 0) return;
    pending &= ~spawn_signal_bit(SIGTERM);
    if (pending != 0) spawn_child_set_actions(SIG_IGN, pending);
}

/// The child's set-up and exec; returns the errno to report when they fail, and leaves in `*step` the step that
/// failed.
static int spawn_child_start(const struct csystem_spawn_area *area, enum csystem_spawn_step *step) {
    const struct csystem_spawn_request *request = &area->request;
    // The session first: until the child leads its group, prx can stop it only by its own id (the spawn has
    // returned already, and a task may be stopped at once). Signals stay blocked until the set-up is done.
    long result;
    *step = csystem_spawn_step_setup;
    if (request->new_session) {
        if ((result = spawn_syscall(SYS_setsid, 0, 0, 0, 0)) < 0) return (int)-result;
        spawn_child_discard_group_signals();
    }
    // Every signal at its default action: nothing prx ignores carries over exec, and no handler of prx's can run
    // in this child, which shares prx's memory, once the mask below is cleared. glibc's internal signals too, as
    // posix_spawn's SETSIGDEF resets them.
    spawn_child_set_actions(SIG_DFL, ~0UL);

    long input = spawn_syscall(SYS_openat, AT_FDCWD, (long)"/dev/null", O_RDONLY, 0);
    if (input < 0) return (int)-input;
    if (input != STDIN_FILENO) {
        if ((result = spawn_syscall(SYS_dup3, input, STDIN_FILENO, 0, 0)) < 0) return (int)-result;
        spawn_syscall(SYS_close, input, 0, 0, 0);
    }
    if ((result = spawn_child_place(request->standard_output, STDOUT_FILENO)) < 0) return (int)-result;
    if ((result = spawn_child_place(request->standard_error, STDERR_FILENO)) < 0) return (int)-result;
    *step = csystem_spawn_step_working_directory;
    if (request->working_directory != NULL &&
        (result = spawn_syscall(SYS_chdir, (long)request->working_directory, 0, 0, 0)) < 0) {
        return (int)-result;
    }
    *step = csystem_spawn_step_setup;
    // Descriptors of prx opened without close-on-exec stay out of the task; without close_range (Linux 5.9)
    // they are the ones left, as with posix_spawn on an older C library.
    spawn_syscall(SYS_close_range, STDERR_FILENO + 1, ~0U, 0, 0);
    // Last, once the set-up has opened what it needs: the task gets the user's limit, not the one prx raised.
    if (area->restores_descriptor_limit &&
        (result = spawn_syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)&area->descriptor_limit, 0)) < 0) {
        return (int)-result;
    }

    unsigned long no_signals = 0;
    spawn_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&no_signals, 0, sizeof no_signals);

    *step = csystem_spawn_step_exec;
    if (*spawn_child_find(request->program, '/') == '/') {
        return (int)-spawn_syscall(SYS_execve, (long)request->program, (long)request->arguments,
                                   (long)request->environment, 0);
    }
    return spawn_child_exec_searching(request->program, request->search_path, request->arguments,
                                      request->environment);
}

static int spawn_child(void *argument) {
    struct csystem_spawn_area *area = argument;
    enum csystem_spawn_step step = csystem_spawn_step_setup;
    int failure = spawn_child_start(area, &step);
    area->failed_step = step;
    area->failure = failure;
    spawn_syscall(SYS_exit_group, 127, 0, 0, 0);
    return 127;
}

/// Whether `string` lies in the `size` bytes at `block`.
static int spawn_string_in_block(const char *string, const char *block, size_t size) {
    return (uintptr_t)string - (uintptr_t)block < size;
}

/// The number of strings in a null-terminated array, and the bytes they take with their terminators, less those of
/// the strings in the `block_size` bytes at `block`, which are copied with the block.
static size_t spawn_count_strings(char *const *strings, const char *block, size_t block_size, size_t *bytes) {
    size_t count = 0;
    for (; strings[count] != NULL; count++) {
        if (!spawn_string_in_block(strings[count], block, block_size)) *bytes += strlen(strings[count]) + 1;
    }
    return count;
}

/// Copies `string` to `*cursor` and moves the cursor past it, in one pass over the string.
static char *spawn_copy_string(const char *string, char **cursor) {
    if (string == NULL) return NULL;
    char *copy = *cursor;
    *cursor = stpcpy(copy, string) + 1;
    return copy;
}

/// Copies a null-terminated array of strings to `*pointers` (its pointers) and `*cursor` (its strings); a string in
/// the `block_size` bytes at `block` is not copied but found at its offset in `block_copy`, the block's copy.
static char *const *spawn_copy_strings(char *const *strings, const char *block, size_t block_size, char *block_copy,
                                       char ***pointers, char **cursor) {
    char **copy = *pointers;
    size_t count = 0;
    for (; strings[count] != NULL; count++) {
        const char *string = strings[count];
        copy[count] = spawn_string_in_block(string, block, block_size) ? block_copy + (string - block)
                                                                       : spawn_copy_string(string, cursor);
    }
    copy[count] = NULL;
    *pointers += count + 1;
    return copy;
}

/// An area whose copied request may take `capacity` bytes, or NULL with errno set.
static struct csystem_spawn_area *spawn_area_make(size_t capacity) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = page + spawn_stack_size + sizeof(struct csystem_spawn_area) + capacity;
    size = (size + page - 1) / page * page;
    char *mapping = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (mapping == MAP_FAILED) return NULL;
    // A child that overran its stack faults here instead of writing over something else of prx's.
    if (mprotect(mapping, page, PROT_NONE) < 0) {
        int error = errno;
        munmap(mapping, size);
        errno = error;
        return NULL;
    }
    struct csystem_spawn_area *area = (struct csystem_spawn_area *)(mapping + page + spawn_stack_size);
    area->mapping_size = size;
    area->capacity = size - (page + spawn_stack_size + sizeof *area);
    return area;
}

void csystem_spawn_area_free(struct csystem_spawn_area *area) {
    if (area == NULL) return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    munmap((char *)area - spawn_stack_size - page, area->mapping_size);
}

int csystem_spawn_area_failure(const struct csystem_spawn_area *area) { return area->failure; }

enum csystem_spawn_step csystem_spawn_area_failed_step(const struct csystem_spawn_area *area) {
    return area->failed_step;
}

int csystem_raise_descriptor_limit(rlim_t needed) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    rlim_t raised = needed < limit.rlim_max ? needed : limit.rlim_max;
    if (limit.rlim_cur >= raised) return 0;
    struct rlimit original = limit;
    limit.rlim_cur = raised;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    // A second raise keeps the first one's original: the user's limit.
    if (!spawn_descriptor_limit_raised) {
        spawn_task_descriptor_limit = original;
        spawn_descriptor_limit_raised = 1;
    }
    return 0;
}

int csystem_spawn_kernel_support(void) {
    // Descriptor ~0U is never open: the call closes nothing where it exists.
    return syscall(SYS_close_range, ~0U, ~0U, 0U) == 0 ? 0 : errno;
}

pid_t csystem_spawn(const struct csystem_spawn_request *request, struct csystem_spawn_area **area, int *pidfd) {
    // The copy: both arrays' pointers, then the environment's block, then every other string.
    const char *block = request->environment_strings;
    size_t block_size = block != NULL ? request->environment_strings_size : 0;
    size_t string_bytes = block_size + strlen(request->program) + 1 + strlen(request->search_path) + 1 +
                          (request->working_directory ? strlen(request->working_directory) + 1 : 0);
    size_t pointer_count = spawn_count_strings(request->arguments, NULL, 0, &string_bytes) + 1 +
                           spawn_count_strings(request->environment, block, block_size, &string_bytes) + 1;
    size_t needed = pointer_count * sizeof(char *) + string_bytes;
    if (*area == NULL || (*area)->capacity < needed) {
        struct csystem_spawn_area *larger = spawn_area_make(needed > 8192 ? needed : 8192);
        if (larger == NULL) return -1;
        csystem_spawn_area_free(*area);
        *area = larger;
    }
    struct csystem_spawn_area *child = *area;
    char **pointers = (char **)child->bytes;
    char *block_copy = child->bytes + pointer_count * sizeof(char *);
    if (block_size > 0) memcpy(block_copy, block, block_size);
    char *cursor = block_copy + block_size;
    child->request = (struct csystem_spawn_request){
        .arguments = spawn_copy_strings(request->arguments, NULL, 0, NULL, &pointers, &cursor),
        .environment = spawn_copy_strings(request->environment, block, block_size, block_copy, &pointers, &cursor),
        .program = spawn_copy_string(request->program, &cursor),
        .search_path = spawn_copy_string(request->search_path, &cursor),
        .working_directory = spawn_copy_string(request->working_directory, &cursor),
        .standard_output = request->standard_output,
        .standard_error = request->standard_error,
        .new_session = request->new_session,
        .environment_strings = block_size > 0 ? block_copy : NULL,
        .environment_strings_size = block_size,
    };
    child->failure = 0;
    child->failed_step = csystem_spawn_step_none;
    child->restores_descriptor_limit = spawn_descriptor_limit_raised;
    child->descriptor_limit = spawn_task_descriptor_limit;

    // No signal is handled in the child before it has reset the handlers, except SIGCHLD, which nothing sends
    // it (it has no children yet). SIGCHLD stays unblocked in this thread, during the spawn and after (whatever
    // its mask was): a child's SIGCHLD goes to the thread that started it, and ignored (prx watches pidfds) it is
    // dropped at once, unless that thread blocks it, as Swift's pool threads do, or as this one would for the
    // length of a spawn; then it is queued for the process and wakes another thread only to be discarded.
    sigset_t all, previous;
    sigfillset(&all);
    sigdelset(&all, SIGCHLD);
    pthread_sigmask(SIG_SETMASK, &all, &previous);

    int descriptor = -1;
    pid_t pid = clone(spawn_child, child, CLONE_VM | CLONE_PIDFD | SIGCHLD, child, &descriptor);
    int clone_error = errno;

    sigdelset(&previous, SIGCHLD);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);

    if (pid < 0) {
        errno = clone_error;
        return -1;
    }
    *pidfd = descriptor;
    return pid;
}
