#define _GNU_SOURCE
#include "csystem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

// posix_spawn with a cheaper start, for a process that starts thousands of tasks a second. glibc's posix_spawn
// does the same thing (clone with CLONE_VM | CLONE_VFORK, the child's set-up, exec) but maps a fresh stack for
// every child and unmaps it after (the unmap interrupts every other core running one of prx's threads to flush its
// TLB, and the child faults the fresh pages in while the parent waits), checks every file action's descriptor
// against RLIMIT_NOFILE with a getrlimit each, and has no way to hand back a pidfd. Here the child runs on a
// stack in the parent's frame (the parent is suspended until the child execs or exits, as in musl), the pidfd
// comes from CLONE_PIDFD, and the set-up is the fixed one a task needs.
//
// The child shares the parent's memory, so until exec it calls only async-signal-safe functions, allocates
// nothing, and reports a failure through the shared `failure` field.

/// The kernel's `struct sigaction` (not the C library's), for `rt_sigaction`.
struct spawn_kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

/// What the child needs; on the parent's stack, read by the child.
struct spawn_child_arguments {
    const struct csystem_spawn_request *request;
    /// The errno of the step that failed in the child, 0 when it reached exec.
    volatile int failure;
};

/// Duplicates `fd` onto `target`; when they are equal, clears close-on-exec instead, as posix_spawn's dup2
/// action does.
static int spawn_child_place(int fd, int target) {
    if (fd == target) {
        int flags = fcntl(fd, F_GETFD);
        return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    return dup2(fd, target) < 0 ? -1 : 0;
}

/// Runs `program` from each directory of `search_path` in turn, as execvp does: a directory where it is not
/// found (or cannot be searched) is skipped, and EACCES is reported if any directory had it without permission.
/// Returns the errno to report.
static int spawn_child_exec_searching(const char *program, const char *search_path, char *const arguments[],
                                      char *const environment[]) {
    size_t program_length = strlen(program);
    if (program_length > NAME_MAX) return ENAMETOOLONG;
    char path[PATH_MAX];
    int seen_permission_denied = 0;
    const char *entry = search_path;
    while (1) {
        const char *end = strchrnul(entry, ':');
        size_t directory_length = (size_t)(end - entry);
        if (directory_length + 1 + program_length + 1 <= sizeof path) {
            // An empty entry means the current directory.
            size_t length = 0;
            if (directory_length > 0) {
                memcpy(path, entry, directory_length);
                length = directory_length;
                path[length++] = '/';
            }
            memcpy(path + length, program, program_length + 1);
            execve(path, arguments, environment);
            switch (errno) {
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
                return errno;
            }
        }
        if (*end == '\0') break;
        entry = end + 1;
    }
    return seen_permission_denied ? EACCES : ENOENT;
}

static int spawn_child(void *argument) {
    struct spawn_child_arguments *child = argument;
    const struct csystem_spawn_request *request = child->request;

    // Every signal at its default action: nothing prx ignores carries over exec, and no handler of prx's can run
    // in this child, which shares prx's memory, once the mask below is cleared. The system call, not sigaction(),
    // which refuses glibc's internal signals (32 and 33): posix_spawn's SETSIGDEF resets those too.
    struct spawn_kernel_sigaction default_action = {.handler = SIG_DFL};
    for (int signal_number = 1; signal_number < _NSIG; signal_number++) {
        if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
        syscall(SYS_rt_sigaction, signal_number, &default_action, NULL, sizeof default_action.mask);
    }
    if (request->new_session && setsid() < 0) goto failed;

    int input = open("/dev/null", O_RDONLY);
    if (input < 0) goto failed;
    if (input != STDIN_FILENO) {
        if (dup2(input, STDIN_FILENO) < 0) goto failed;
        close(input);
    }
    if (spawn_child_place(request->standard_output, STDOUT_FILENO) < 0) goto failed;
    if (spawn_child_place(request->standard_error, STDERR_FILENO) < 0) goto failed;
    if (request->working_directory != NULL && chdir(request->working_directory) < 0) goto failed;
    // Descriptors of prx opened without close-on-exec stay out of the task; without close_range (Linux 5.9)
    // they are the ones left, as with posix_spawn on an older C library.
    syscall(SYS_close_range, STDERR_FILENO + 1, ~0U, 0);

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    if (strchr(request->program, '/') != NULL) {
        execve(request->program, request->arguments, request->environment);
        child->failure = errno;
    } else {
        child->failure = spawn_child_exec_searching(
            request->program, request->search_path, request->arguments, request->environment);
    }
    _exit(127);

failed:
    child->failure = errno;
    _exit(127);
}

pid_t csystem_spawn(const struct csystem_spawn_request *request, int *pidfd) {
    // Big enough for the child's frames and its path buffer (PATH_MAX), with room to spare for stack probes.
    _Alignas(16) char stack[32 * 1024 + PATH_MAX];

    struct spawn_child_arguments child = {.request = request, .failure = 0};

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
    pid_t pid = clone(spawn_child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &child,
                      &descriptor);
    int clone_error = errno;

    sigdelset(&previous, SIGCHLD);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);

    if (pid < 0) {
        errno = clone_error;
        return -1;
    }
    if (child.failure != 0) {
        // The child has exited (CLONE_VFORK resumed the parent at its _exit): reap it, report why.
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        close(descriptor);
        errno = child.failure;
        return -1;
    }
    *pidfd = descriptor;
    return pid;
}
