#include "cprocesstracing.h"

long cprocesstracing_ptrace(enum __ptrace_request request, pid_t pid, unsigned long addr, unsigned long data) {
    return ptrace(request, pid, addr, data);
}
