# expect: exception
# says: PermissionError: import _cffi_backend is not allowed in this sandbox
# standard-expect: finished
# cffi calls C functions without the audit events that stop ctypes: refused under strict.
# Under standard it loads, and the seccomp filter must refuse every call that reaches
# another process: prlimit on the parent (a CPU limit of 1 s would kill it) and on a
# sibling process the test started, setpriority, sched_setaffinity, signals, and
# memfd_create (memory outside every limit). The test checks the sibling afterwards.
import os
canary = input()
sibling = int(input())
from cffi import FFI
ffi = FFI()
ffi.cdef("""
struct rlimit { unsigned long cur; unsigned long max; };
int prlimit(int pid, int resource, const struct rlimit *new, struct rlimit *old);
int setpriority(int which, int who, int prio);
int getpriority(int which, int who);
int sched_setaffinity(int pid, size_t size, const unsigned long *mask);
int kill(int pid, int sig);
int memfd_create(const char *name, unsigned int flags);
""")
C = ffi.dlopen(None)
escaped = []
for pid in (os.getppid(), sibling):
    if C.prlimit(pid, 0, ffi.new("struct rlimit *", [1, 1]), ffi.NULL) == 0:
        escaped.append(("prlimit CPU", pid))
    if C.prlimit(pid, 7, ffi.new("struct rlimit *", [3, 3]), ffi.NULL) == 0:
        escaped.append(("prlimit NOFILE", pid))
    if C.setpriority(0, pid, 19) == 0:
        escaped.append(("setpriority", pid))
    if C.sched_setaffinity(pid, 8, ffi.new("unsigned long[1]", [1])) == 0:
        escaped.append(("sched_setaffinity", pid))
    if C.kill(pid, 0) == 0:
        escaped.append(("kill", pid))
for which in (1, 2):  # a process group, every process of the user
    if C.setpriority(which, 0, 19) == 0:
        escaped.append(("setpriority of many", which))
if C.memfd_create(b"hoard", 0) >= 0:
    escaped.append(("memfd_create",))
if escaped:
    raise RuntimeError(f"reached outside the sandbox: {escaped}")
print("every call was refused")
