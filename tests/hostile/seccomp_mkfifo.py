# expect: exception
# says: PermissionError: [Errno 1] Operation not permitted
# os.mkfifo raises no audit event: the seccomp filter refuses mknodat (and Landlock
# would refuse to make a FIFO anywhere too).
import os
os.mkfifo("/tmp/heapscope-hostile-pwned.txt")
