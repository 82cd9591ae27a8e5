# expect: exception
# says: PermissionError: [Errno 13] Permission denied
# os.mkfifo raises no audit event: Landlock alone refuses to make a FIFO, even in the
# writable temporary folder (no policy grants that right), let alone in /tmp.
import os
os.mkfifo("/tmp/heapscope-hostile-pwned.txt")
