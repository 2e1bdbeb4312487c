/*
 * bench-floor.c — helper program for scripts/bench (compiled by it with `cc -O2`; never committed as a binary).
 *
 * Two modes:
 *
 *   bench-floor N P
 *       The "floor" row: posix_spawn()s /bin/true N times, keeping at most P children in flight, and reaps
 *       each with waitpid(-1). That is about the least work any dispatcher can do per task, so it is the
 *       practical limit of process dispatch on this machine. Exits 0 when every task exited 0, 1 otherwise.
 *       Prints its own getrusage(RUSAGE_SELF) and RUSAGE_CHILDREN CPU times on stderr.
 *
 *   bench-floor pipe COMMAND [ARG...]
 *       The floor of the output row: runs COMMAND with its standard output into a pipe and reads that pipe in
 *       64 KiB pieces until end of file (discarding the bytes), then reaps it. That is the least any dispatcher
 *       that reads a task's output can do. Exits with COMMAND's status; prints the bytes read on stderr.
 *
 *   bench-floor meter OUTFILE TIMEOUT_S COMMAND [ARG...]
 *       Runs COMMAND (stdin/stdout/stderr inherited) and appends one line to OUTFILE:
 *           wall_s peak_rss_kb total_cpu_s self_cpu_s status
 *       wall_s       monotonic wall time from just before the spawn to the child's exit.
 *       peak_rss_kb  ru_maxrss from wait4(): the maximum of the dispatcher's own peak RSS and that of every
 *                    descendant it reaped (the same number `/usr/bin/time -f %M` prints). With /bin/true tasks
 *                    (about 1 MB) it is the dispatcher's own peak unless the dispatcher forks big helpers.
 *       total_cpu_s  user+sys from wait4(): the dispatcher plus every descendant it reaped (all the tasks).
 *       self_cpu_s   user+sys of the dispatcher process alone (all its threads, no children). Read without a
 *                    race: waitid(WNOWAIT) waits until the child is a zombie but leaves it unreaped, so its
 *                    /proc/PID/stat still holds final utime/stime (fields 14, 15); only then is it reaped with
 *                    wait4(). Resolution is one clock tick (usually 10 ms) per run.
 *       status       exit code, 128+signal if killed by a signal, or "timeout" when TIMEOUT_S (>0) elapsed
 *                    first.
 *       COMMAND runs in a process group of its own, so that a timeout can SIGKILL the dispatcher together with
 *       its tasks; SIGINT, SIGTERM and SIGHUP sent to the meter are passed on to that group, and once the
 *       command is reaped the meter dies of the same signal (so that Ctrl-C stops scripts/bench as usual).
 *       Exits 0 whenever the measurement itself worked, whatever the command's status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_floor(long n, long p) {
    /* One argument per task, the task's number, as every other row passes: coreutils' true looks at its
     * arguments when it has one (for --help/--version) and calls setlocale first, which loads the locale
     * (about 30 openat with LANG=C.UTF-8), so a floor without it would do less per task than the rows. */
    char number[24];
    char *argv[] = {"/bin/true", number, NULL};
    long started = 0, inflight = 0, failed = 0;
    while (started < n || inflight > 0) {
        if (started < n && inflight < p) {
            pid_t pid;
            snprintf(number, sizeof number, "%ld", started + 1);
            int rc = posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ);
            if (rc != 0) {
                fprintf(stderr, "bench-floor: posix_spawn: %s\n", strerror(rc));
                return 1;
            }
            started++;
            inflight++;
            continue;
        }
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            perror("bench-floor: waitpid");
            return 1;
        }
        inflight--;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed++;
    }
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    fprintf(stderr, "bench-floor: %ld tasks, %ld in flight, %ld failed; self cpu %.3f s, children cpu %.3f s\n",
            n, p, failed, tv_s(self.ru_utime) + tv_s(self.ru_stime),
            tv_s(children.ru_utime) + tv_s(children.ru_stime));
    return failed ? 1 : 0;
}

static volatile sig_atomic_t timed_out = 0, forwarded = 0;
static volatile pid_t child_pid = 0;

static void on_alarm(int sig) {
    (void)sig;
    timed_out = 1;
    if (child_pid > 0) kill(-child_pid, SIGKILL);
}

static void on_stop_signal(int sig) {
    forwarded = sig;
    if (child_pid > 0) kill(-child_pid, sig);
}

/* utime+stime (fields 14 and 15) of a not-yet-reaped process, in seconds; -1 when unreadable. */
static double proc_self_cpu(pid_t pid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    char *s = strrchr(buf, ')'); /* the command name (field 2) may contain spaces and parentheses */
    if (!s) return -1;
    s++;
    unsigned long long utime = 0, stime = 0;
    /* after ")": field 3 (state) ... field 13 are skipped, then utime and stime */
    if (sscanf(s, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
    long tck = sysconf(_SC_CLK_TCK);
    return (double)(utime + stime) / (double)(tck > 0 ? tck : 100);
}

static int run_meter(const char *out, double timeout_s, char **cmd) {
    FILE *o = fopen(out, "a");
    if (!o) {
        perror(out);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);

    double t0 = now_s();
    pid_t pid;
    int rc = posix_spawnp(&pid, cmd[0], NULL, &attr, cmd, environ);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        fprintf(stderr, "bench-floor meter: cannot run %s: %s\n", cmd[0], strerror(rc));
        fprintf(o, "0 0 0 0 127\n");
        fclose(o);
        return 0;
    }
    child_pid = pid;
    if (timeout_s > 0) {
        struct itimerval it;
        memset(&it, 0, sizeof it);
        it.it_value.tv_sec = (time_t)timeout_s;
        it.it_value.tv_usec = (suseconds_t)((timeout_s - (double)(time_t)timeout_s) * 1e6);
        setitimer(ITIMER_REAL, &it, NULL);
    }
    siginfo_t si;
    memset(&si, 0, sizeof si);
    while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) != 0) {
        if (errno != EINTR) {
            perror("bench-floor meter: waitid");
            return 2;
        }
    }
    double wall = now_s() - t0;
    struct itimerval off;
    memset(&off, 0, sizeof off);
    setitimer(ITIMER_REAL, &off, NULL);
    double self_cpu = proc_self_cpu(pid);

    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("bench-floor meter: wait4");
            return 2;
        }
    }
    double total_cpu = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
    char st[32];
    if (timed_out)
        snprintf(st, sizeof st, "timeout");
    else if (WIFEXITED(status))
        snprintf(st, sizeof st, "%d", WEXITSTATUS(status));
    else
        snprintf(st, sizeof st, "%d", 128 + WTERMSIG(status));
    fprintf(o, "%.6f %ld %.6f %.6f %s\n", wall, ru.ru_maxrss, total_cpu, self_cpu, st);
    fclose(o);
    if (forwarded) {
        signal(forwarded, SIG_DFL);
        raise(forwarded);
    }
    return 0;
}

static int run_pipe(char **cmd) {
    int fds[2];
    if (pipe(fds) != 0) {
        perror("bench-floor pipe: pipe");
        return 2;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid;
    int rc = posix_spawnp(&pid, cmd[0], &fa, NULL, cmd, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        fprintf(stderr, "bench-floor pipe: cannot run %s: %s\n", cmd[0], strerror(rc));
        return 127;
    }
    static char buf[65536];
    long long total = 0;
    for (;;) {
        ssize_t k = read(fds[0], buf, sizeof buf);
        if (k > 0) { total += k; continue; }
        if (k < 0 && errno == EINTR) continue;
        break;
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    fprintf(stderr, "bench-floor pipe: %lld bytes\n", total);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void usage(void) {
    fprintf(stderr, "usage: bench-floor N P\n       bench-floor pipe COMMAND [ARG...]\n       bench-floor meter OUTFILE TIMEOUT_S COMMAND [ARG...]\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "meter") == 0) return run_meter(argv[2], atof(argv[3]), argv + 4);
    if (argc >= 3 && strcmp(argv[1], "pipe") == 0) return run_pipe(argv + 2);
    if (argc != 3) usage();
    char *end1, *end2;
    long n = strtol(argv[1], &end1, 10), p = strtol(argv[2], &end2, 10);
    if (*end1 || *end2 || n < 0 || p < 1) usage();
    return run_floor(n, p);
}
