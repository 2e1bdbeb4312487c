#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>

/// The descriptors from 3 that are looked at as the process starts: those below this.
#define LOOKED_AT_DESCRIPTORS 1024

/// Whether each of descriptors 3 to 1023 was open as the process started (given by the program that started it), a
/// bit each; all set when that could not be told.
static unsigned char open_at_start[LOOKED_AT_DESCRIPTORS / 8];

/// Notes which descriptors from 3 on the process was started with, before anything in it opens one of its own (a
/// constructor, as standard_streams.c's), so that a path naming one it was not started with (`/dev/fd/8`) can be
/// told from one it was given: the first reaches a descriptor prx opened itself (a pidfd, a pipe, a result file), or
/// nothing.
///
/// Why `poll`: one call tells every descriptor at once, a closed one by `POLLNVAL`. It takes no more descriptors than
/// the soft limit on open files, so those from that limit on are asked one by one with `fcntl`: a descriptor opened
/// before the limit was lowered stays open (`exec 600<hosts.txt; ulimit -Sn 512; prx -A /dev/fd/600`).
__attribute__((constructor)) static void csystem_note_descriptors_open_at_start(void) {
    struct rlimit limit;
    int end = LOOKED_AT_DESCRIPTORS;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < (rlim_t)end) end = (int)limit.rlim_cur;
    if (end < 3) end = 3;
    struct pollfd descriptors[LOOKED_AT_DESCRIPTORS];
    int count = end - 3;
    for (int index = 0; index < count; index++) {
        descriptors[index] = (struct pollfd){ .fd = index + 3, .events = 0, .revents = 0 };
    }
    if (count > 0 && poll(descriptors, (nfds_t)count, 0) < 0) {
        for (int index = 0; index < LOOKED_AT_DESCRIPTORS / 8; index++) open_at_start[index] = 0xff;
        return;
    }
    for (int index = 0; index < count; index++) {
        if (descriptors[index].revents & POLLNVAL) continue;
        int fd = index + 3;
        open_at_start[fd / 8] |= (unsigned char)(1 << (fd % 8));
    }
    for (int fd = end; fd < LOOKED_AT_DESCRIPTORS; fd++) {
        if (fcntl(fd, F_GETFD) != -1) open_at_start[fd / 8] |= (unsigned char)(1 << (fd % 8));
    }
}

int csystem_descriptor_was_open_at_start(int fd) {
    if (fd < 3 || fd >= LOOKED_AT_DESCRIPTORS) return 1;
    return (open_at_start[fd / 8] & (1 << (fd % 8))) != 0;
}
