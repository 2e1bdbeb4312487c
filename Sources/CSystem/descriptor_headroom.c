#include <errno.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

/// How many descriptors Dispatch opens for itself before prx can do anything: its epoll set, event counter and timer,
/// and the main queue's event counter, which Swift's first steps need.
enum { csystem_descriptors_needed = 4 };

/// Tries, before `main`, to have ``csystem_descriptors_needed`` descriptors open at once, and ends prx with one line
/// and exit status 2 when the limit on open files (`ulimit -n`) refuses one.
///
/// Why: Dispatch, refused a descriptor of its own, stops the process with an illegal instruction and no word (exit
/// status 132): under `ulimit -n 5`, even `prx --help` did. The descriptors are closed at once, leaving their places
/// to Dispatch's. A limit reached later is met where prx opens its files, and a run's limit is checked against what
/// its workers need (`DescriptorBudget`).
__attribute__((constructor)) static void csystem_check_descriptor_headroom(void) {
    int opened[csystem_descriptors_needed];
    int made = 0;
    int failure = 0;
    while (made < csystem_descriptors_needed) {
        int descriptor = eventfd(0, EFD_CLOEXEC);
        if (descriptor < 0) {
            failure = errno;
            break;
        }
        opened[made] = descriptor;
        made += 1;
    }
    for (int index = 0; index < made; index++) close(opened[index]);
    struct rlimit limit;
    if (failure != EMFILE || getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    char message[128];
    int length = snprintf(
        message, sizeof message, "prx: error: the limit on open files is %llu (ulimit -n): prx needs at least %llu\n",
        (unsigned long long)limit.rlim_cur, (unsigned long long)limit.rlim_cur + (csystem_descriptors_needed - made));
    if (length > 0 && (size_t)length < sizeof message) {
        ssize_t written = write(STDERR_FILENO, message, (size_t)length);
        (void)written;
    }
    _exit(2);
}
