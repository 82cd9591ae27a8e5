# expect: exception: PermissionError: os.exec
import os
os.execv("/bin/sh", ["sh", "-c", "touch /tmp/heapscope-hostile-pwned.txt"])
