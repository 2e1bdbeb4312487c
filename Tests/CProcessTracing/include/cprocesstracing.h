// ptrace for the tests that trace prx's processes: glibc declares `ptrace` variadic, which Swift does not import.
#ifndef PRX_CPROCESSTRACING_H
#define PRX_CPROCESSTRACING_H

#include <sys/ptrace.h>
#include <sys/types.h>

/// `ptrace(request, pid, addr, data)`: -1 with `errno` set on failure.
long cprocesstracing_ptrace(enum __ptrace_request request, pid_t pid, unsigned long addr, unsigned long data);

#endif
