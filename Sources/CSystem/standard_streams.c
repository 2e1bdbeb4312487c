#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/// The descriptors among 0, 1 and 2 that the process started without, a bit each (1 << fd).
static int closed_at_start;

/// Gives each of descriptors 0, 1 and 2 that a process starts without (`prx … >&-`) `/dev/null` opened for
/// reading, before anything else in the process opens a file.
///
/// Why a constructor: the lowest free descriptor goes to the next file opened, and the Swift runtime opens its
/// first (an `eventfd`) before `main` runs, so that a write to a closed standard output would go to whatever took
/// descriptor 1. Opened for reading, `/dev/null` makes such a write fail with `EBADF`, which prx reports as it
/// reports any standard stream it cannot write to.
__attribute__((constructor)) static void csystem_reserve_standard_streams(void) {
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        closed_at_start |= 1 << fd;
        int null = open("/dev/null", O_RDONLY);
        if (null < 0) return;
        if (null != fd) {
            dup2(null, fd);
            close(null);
        }
    }
}

int csystem_standard_stream_was_closed(int fd) {
    return fd >= 0 && fd <= 2 && (closed_at_start & (1 << fd)) != 0;
}

int csystem_standard_input_bytes_read_ahead(void) {
#if defined(__GLIBC__)
    // glibc's FILE: what its buffer holds beyond what was handed out.
    return stdin->_IO_read_ptr < stdin->_IO_read_end ? (int)(stdin->_IO_read_end - stdin->_IO_read_ptr) : 0;
#else
    // Another C library's FILE has other fields (musl's are private to it): none known, rather than a read of
    // fields this one does not have.
    return 0;
#endif
}
