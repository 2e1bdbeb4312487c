// The GNU C library functions prx needs that Swift's Glibc module does not import: declared there only under
// _GNU_SOURCE (pipe2, the spawn helpers, POSIX_SPAWN_SETSID), in headers the module leaves out (sys/epoll.h,
// sys/eventfd.h), or variadic (syscall). Each `csystem_` function is one C call with plain types; csystem.c
// compiles them with _GNU_SOURCE. The exceptions, the orphan guard, the task spawn and the signal trap, say why.
#ifndef PRX_CSYSTEM_H
#define PRX_CSYSTEM_H

#include <spawn.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/// `pipe2(fds, flags)`.
int csystem_pipe2(int fds[2], int flags);

/// `epoll_create1(flags)`.
int csystem_epoll_create1(int flags);

/// `epoll_ctl(epfd, op, fd, event)`, `event` a `struct epoll_event *` (packed on x86-64: 12 bytes).
int csystem_epoll_ctl(int epfd, int op, int fd, void *event);

/// `epoll_wait(epfd, events, maxevents, timeout)`, `events` an array of `struct epoll_event`.
int csystem_epoll_wait(int epfd, void *events, int maxevents, int timeout);

/// `eventfd(initval, flags)`.
int csystem_eventfd(unsigned int initval, int flags);

/// `fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length)`: gives the file the disk space of `length` bytes from `offset`
/// without changing its size, so that writing there later takes no free space.
int csystem_allocate_keeping_size(int fd, off_t offset, off_t length);

/// Flushes the C library's standard output (what Swift's `print` wrote) and says whether all of it was written:
/// 0 when it was, the `errno` of the failed flush, or -1 when an earlier write had failed. A failure found here, in
/// prx's own text, before any of Lua code's, keeps csystem_take_standard_output_failure from ever handing one over:
/// the stream's error indicator stays set, and what Lua code prints next did not cause it.
int csystem_flush_standard_output(void);

/// Flushes the C library's standard output after a call into Lua code (what `io.write` left in its buffer) and says
/// whether all of it was written, as csystem_flush_standard_output does; the first failure is kept for
/// csystem_take_standard_output_failure.
int csystem_flush_standard_output_after_lua(void);

/// The first failure csystem_flush_standard_output_after_lua found (its `errno`, or -1), once: 0 when there was none,
/// when it was taken already, or when prx's own text was lost first (csystem_flush_standard_output). For the one
/// report of what Lua code printed and lost (a hook's `print` to a closed standard output, whose own flush fails
/// inside Lua, unseen).
int csystem_take_standard_output_failure(void);

/// Whether the process started without descriptor `fd` (0, 1 or 2: `prx … >&-`), which holds `/dev/null` opened for
/// reading since (standard_streams.c): a path naming it (`/dev/stdout`) reaches that `/dev/null`, not a stream.
int csystem_standard_stream_was_closed(int fd);

/// How many bytes of standard input the C library's `stdin` holds read ahead, not handed out yet (what Lua's `io.read`
/// and `io.lines` read in a buffer past the line they returned): bytes a reader opening `/dev/stdin` anew never sees
/// when it is a pipe. 0 when it holds none (standard_streams.c).
///
/// It reads glibc's own fields of `FILE` (`_IO_read_ptr`, `_IO_read_end`), which no standard function gives: built
/// with another C library (no `__GLIBC__`), it is 0 always, so that the read-ahead goes unseen there, as before the
/// check was made, rather than being read from fields that library's `FILE` does not have.
int csystem_standard_input_bytes_read_ahead(void);

/// Whether descriptor `fd` (3 or more) was open as the process started, given by the program that started it
/// (descriptors_at_start.c): 0 for one it was started without, which a path naming it (`/dev/fd/8`) reaches only as
/// whatever the process opened there since. 1 for 0, 1 and 2, and for descriptors from 1024 on, which are not
/// looked at.
int csystem_descriptor_was_open_at_start(int fd);

/// The `pidfd_open` system call (Linux 5.3): a descriptor that becomes readable when `pid` exits.
int csystem_pidfd_open(pid_t pid, unsigned int flags);

/// The `pidfd_send_signal` system call (Linux 5.1), with no `siginfo` and no flags.
int csystem_pidfd_send_signal(int pidfd, int signal);

/// `prctl(PR_SET_CHILD_SUBREAPER, is_subreaper)` (Linux 3.4): with a non-zero `is_subreaper`, the orphans of the
/// calling process's descendants become its children rather than init's; with 0, no more.
int csystem_set_child_subreaper(int is_subreaper);

/// `prctl(PR_GET_CHILD_SUBREAPER, is_subreaper)` (Linux 3.4): sets `*is_subreaper` to whether the calling process is
/// the subreaper of its descendants' orphans.
int csystem_get_child_subreaper(int *is_subreaper);

/// `prctl(PR_SET_NAME, name)`: names the calling thread (the kernel keeps 15 bytes), as `ps -L` and `perf` show it.
int csystem_name_thread(const char *name);

/// `posix_spawn_file_actions_addclosefrom_np(actions, from)` (glibc 2.34); `ENOSYS` from an older C library.
int csystem_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/// `posix_spawn_file_actions_addchdir_np(actions, directory)` (glibc 2.29): the child changes to `directory` before
/// its `exec`; `ENOSYS` from an older C library. The tests' `ChildProcess` uses it.
int csystem_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *directory);

/// Catches `signal_number` from now on, unless it is ignored (left so: `nohup`): its handler writes the signal's
/// number, as a byte, to a pipe that ``csystem_trapped_signals_descriptor`` reads. A signal that comes before
/// anyone reads is kept there, so that none is lost between the trap and its reader (a dispatch source set up
/// after `SIG_IGN` lost them). The handler runs with every signal blocked, so that the numbers are written in the
/// order Linux hands the signals over (for signals that reach prx together, the lowest number first), where a
/// signal that interrupted the handler was written before the one it interrupted. Returns 1 when caught, 0 when
/// ignored, -1 on failure (`errno`).
int csystem_trap_signal(int signal_number);

/// The reading end (non-blocking, close-on-exec) of the pipe of ``csystem_trap_signal``; -1 before its first call.
int csystem_trapped_signals_descriptor(void);

/// Starts, once (call it from one thread), a thread that ends prx if a run goes on `patience_ms` after the first
/// signal that ``csystem_trap_signal`` caught with no progress (``csystem_watchdog_progress``) in that time: it
/// writes `prx: error: the run made no progress for N s after SIGTERM; …` to standard error and exits with 128 + the
/// signal (or as ``csystem_watchdog_report_pending`` says, while only the summary report is left); the orphan guard,
/// when tasks run in process groups, stops them. A later call sets the patience again.
/// The last resort of a run that cannot end, as when the process limit leaves no room for the threads it needs: it
/// waits in a system call, never on a thread of Swift's or Dispatch's. Returns 0, or an error number (`EAGAIN` at
/// the process limit, `ENOMEM` with no memory for its stack: ``csystem_thread_refusal_cause``).
int csystem_start_signal_watchdog(int patience_ms);

/// Tells the watchdog that what is left of the run is its summary report on standard output, and `status` the exit
/// status the run ends with: should the report hold prx past the watchdog's patience (a standard output no one
/// reads), it warns that the report is not printed and exits with `status`, not with 128 + the signal and an error
/// saying results may be lost. `losses` is `NULL` when every result of the run is written; else the warnings of the
/// sinks that failed (`prx: warning: a sink failed: …`, each line ending in a line break), which prx gives only after
/// the report: the watchdog writes them first (the whole lines that fit in 16 KiB), and says that not every result is
/// written. A status of -1 takes that back (the report is written).
void csystem_watchdog_report_pending(int status, const char *losses);

/// Tells the watchdog the run made progress (an event reached the sinks, or they wrote): before any signal, one
/// relaxed atomic load and nothing more; after one, a store of the monotonic clock too.
void csystem_watchdog_progress(void);

/// Why `pthread_create` refused a thread whose stack was to be `stack_size` bytes (0: the default size), given the
/// `error` it returned: it returns `EAGAIN` both when the process limit refuses the thread (`ulimit -u`, a cgroup's
/// `pids.max`) and when there is no memory for the thread's stack (`ulimit -v`, strict overcommit), whose `ENOMEM` it
/// turns into `EAGAIN`. Returns `ENOMEM` for `EAGAIN` when a stack of that size cannot be mapped now, and `error`
/// otherwise.
int csystem_thread_refusal_cause(int error, size_t stack_size);

/// The stack size, in bytes, of each thread prx makes itself (the process monitor, the signal reader and watchdog,
/// the exit thread): 512 KiB, as Darwin gives a secondary thread, rather than the default (the stack limit's, 8 MiB
/// under the usual `ulimit -s`), so that under a limit on address space (`ulimit -v`) they find room where three
/// stacks of 8 MiB often did not. They run prx's own loops and handlers, never Lua code or a sink's.
#define CSYSTEM_OWN_THREAD_STACK_SIZE 524288

/// `POSIX_SPAWN_SETSID`: the child starts a session of its own.
short csystem_spawn_setsid_flag(void);

/// The environment variable that names a task's orphan guard: `PRX_ORPHAN_GUARD=TOKEN`, the guard's random token.
#define CSYSTEM_ORPHAN_GUARD_VARIABLE "PRX_ORPHAN_GUARD"

/// The bit prx sets in a slot of the orphan guard's table once it has sent that group `SIGTERM` itself, or gives it its
/// grace without one (a group first found in a stopped task's session after prx's `SIGTERM`): should prx die, the guard
/// sends it no `SIGTERM` of its own, which could cut short the clean-up prx's began, only its `SIGKILL` after its
/// grace. Ids are below `pid_max`, at most 2^22.
#define CSYSTEM_ORPHAN_GUARD_TERMINATED 0x40000000

/// Starts the orphan guard: a child process (forked, not exec'd, in a session of its own, named `prx-guard`, its
/// command line `prx-guard (for prx PID)` where prx's arguments have room for it) that ignores every signal that would
/// end it but `SIGKILL` (a fault's still ends it), so that it ends only after prx, or by `SIGKILL`, and that shares
/// with prx its grace (one `int64_t`), a table of `slots` `int32_t`, `2 * slots` `uint64_t` of pipes beside it, and one
/// end of a socket; it shares prx's table of descriptors as well, and learns of prx's death from a process descriptor
/// of prx (where the kernel gives none, it is forked with a table of its own and learns of it from the socket's end of
/// file). The grace is in milliseconds, in 64 bits: prx's longest time, 1e9 s, where 32 bits hold under 25 days. The
/// table's entries are process group ids (0 for an empty slot): a task's leader's from its spawn on, though it makes
/// its session only once the spawn has returned (the guard, woken only once every leader has closed its copy of prx's
/// end of the socket, after its session is made, never meets one that has not). Slot `i`'s pipes, `pipes[2 * i]` and
/// `pipes[2 * i + 1]`, are the inodes of the pipes prx gave that task's leader as its standard output and error (0 for
/// none); a slot with pipes is a task's leader, whose id is its session's. When prx has died (even by `SIGKILL`), a
/// guard sharing its descriptors keeps prx's read ends of those pipes and closes every other descriptor, prx's end of
/// the socket among them, and waits for the socket's end of file; then the guard opens each of those pipes it has not
/// kept that its leader (or, should the leader have exited or put other files on its descriptors, another process of
/// its session, in its group or another) still writes to, through `/proc/PID/fd` (opening nothing but such a pipe, and
/// only as many as its limit on open descriptors leaves room for beside its own work), and reads and drops what comes
/// until it exits (prx held the only read ends: a task printing as prx dies or as it stops is not ended by `SIGPIPE`,
/// where the guard kept them); it records in free slots the other groups of the tasks' sessions (a shell's jobs under
/// `set -m`, `timeout(1)`), which it stops as the tasks' own; it sends each group left in the table `SIGTERM` (none to
/// a slot marked `CSYSTEM_ORPHAN_GUARD_TERMINATED`, nor to its group through another slot or the sweep), and so does it
/// to every process with `CSYSTEM_ORPHAN_GUARD_VARIABLE=` its token in its environment (what tasks left running outside
/// their groups) and to its group; then, if it found any, waits for them to end, up to the grace prx set last, clearing
/// the slots of the groups that have ended (no process has their ids) and recording the groups made since in the tasks'
/// sessions, sends the groups left after the grace `SIGKILL` (but no process by its id), and exits, at once when
/// nothing is left (zombies are not waited for). `slots` is at most 65536 (`EINVAL` otherwise). prx writes a task's
/// pipes and group into a slot as it starts, marks it once it has sent it `SIGTERM`, and clears the slot when the group
/// is gone: plain stores, no system call, no wake-up of the guard. Sets `*report_fd` to prx's end of the socket
/// (close-on-exec; prx only keeps it open), `*grace` to the grace, `*groups` to the table and `*pipes` to its pipes
/// (all zeroed) and `token` (33 bytes) to the guard's token (32 random hexadecimal digits), and returns the guard's
/// PID, or -1 with `errno` set. Not one C call: the guard's loop must be C, since a child forked from a multithreaded
/// process may run only async-signal-safe code.
pid_t csystem_orphan_guard_start(int *report_fd, int64_t **grace, int32_t **groups, uint64_t **pipes, int slots,
                                 char *token);

/// What `csystem_spawn` starts, and how.
struct csystem_spawn_request {
    /// The program: a path when it has a slash, otherwise searched for in `search_path`.
    const char *program;
    /// Directories separated by colons, as in `PATH`; an empty one is the working directory.
    const char *search_path;
    /// Its arguments, the first being its own name; null-terminated.
    char *const *arguments;
    /// Its environment, `NAME=value` strings; null-terminated.
    char *const *environment;
    /// The directory it starts in, or NULL for prx's own.
    const char *working_directory;
    /// The descriptor that becomes its standard output (its standard input is `/dev/null`).
    int standard_output;
    /// The descriptor that becomes its standard error.
    int standard_error;
    /// Non-zero: it starts a session, and so a process group, of its own.
    int new_session;
    /// A block of memory holding strings of `environment` one after the other, each with its terminator, or NULL:
    /// the spawn copies the block whole and finds each of those strings in the copy by its offset, without reading
    /// it (a strlen and a copy per variable, some 50 instructions each, for an environment that is the same for
    /// every task). Strings of `environment` outside it are copied one by one.
    const char *environment_strings;
    /// The size of `environment_strings` in bytes; 0 for none.
    size_t environment_strings_size;
};

/// Room for one child that starts without its parent waiting for its `exec`: the child's stack, a copy of its
/// request (every string and array it reads), and what its set-up or `exec` failed with. Made by
/// `csystem_spawn`, reused by it for another child once the previous one has exited, freed with
/// `csystem_spawn_area_free`.
struct csystem_spawn_area;

/// Starts a task's process as `posix_spawnp` would with these actions: every signal at its default action and
/// none blocked, a new session when asked, standard input from `/dev/null`, standard output and error onto the
/// given descriptors, the working directory, every other descriptor closed (`close_range`, Linux 5.9), the limits
/// on open descriptors prx was started with where `csystem_raise_descriptor_limit` raised them, then
/// exec. Returns the child's PID and sets `*pidfd` to a process descriptor for it (close-on-exec), or returns -1
/// with `errno` set when the child could not be started at all.
///
/// Unlike `posix_spawnp`, it returns as soon as the child exists, before the child's set-up and `exec`: a
/// failure there (`ENOENT`, `EACCES`, a failed `chdir`) shows as the child's exit with status 127, and
/// `csystem_spawn_area_failure` then says why. The child runs in `*area`, which this makes (when `*area` is
/// NULL) or remakes (when too small for the request) and which must not be passed again, nor freed, before the
/// child has exited. The request itself may be freed as soon as this returns. Not one C call: see spawn.c for
/// why prx does not use `posix_spawnp`. Leaves SIGCHLD unblocked in the calling thread, during the call and
/// after.
pid_t csystem_spawn(const struct csystem_spawn_request *request, struct csystem_spawn_area **area, int *pidfd);

/// Raises the soft limit on open descriptors (`RLIMIT_NOFILE`) to `needed`, within the hard limit; a soft limit
/// already that high is left alone. Every task `csystem_spawn` starts afterwards sets the limits back to what they
/// were before the first raise, before its exec (one `prlimit64` in the child, none when nothing was raised): a task
/// sees the `ulimit -n` the user gave prx. Call it before starting any task, from one thread. Returns 0, or -1 with
/// `errno` set. Not one C call: the spawn must know what was raised.
int csystem_raise_descriptor_limit(rlim_t needed);

/// Why the last child started in `area` failed before it ran its program: the `errno` of its set-up or `exec`,
/// or 0 when it reached its program. Read once the child has exited.
int csystem_spawn_area_failure(const struct csystem_spawn_area *area);

/// The step of a child's start that failed, as `csystem_spawn_area_failed_step` reports it.
enum csystem_spawn_step {
    /// None failed: the child reached its program (or has not run yet).
    csystem_spawn_step_none = 0,
    /// Its set-up: the session, the signals, the standard streams or the limits on open descriptors.
    csystem_spawn_step_setup = 1,
    /// The change to its working directory (`chdir`).
    csystem_spawn_step_working_directory = 2,
    /// The exec of its program, or of each candidate of the search for it.
    csystem_spawn_step_exec = 3,
};

/// Which step of its start the last child started in `area` failed at, whose `errno`
/// `csystem_spawn_area_failure` gives; `csystem_spawn_step_none` when it reached its program. Read once the child
/// has exited.
enum csystem_spawn_step csystem_spawn_area_failed_step(const struct csystem_spawn_area *area);

/// Frees `area`, made by `csystem_spawn`; its last child must have exited.
void csystem_spawn_area_free(struct csystem_spawn_area *area);

/// 0 when the running kernel has what `csystem_spawn` and the orphan guard rely on, otherwise the `errno` of the
/// probe (`ENOSYS`): `close_range` (Linux 5.9), whose absence would let every descriptor of prx reach the guard
/// (which then never learns of prx's death) and the tasks; a kernel that has it also has `CLONE_PIDFD` (5.2), which
/// an older one ignores, leaving the spawn without a process descriptor.
int csystem_spawn_kernel_support(void);

#endif
