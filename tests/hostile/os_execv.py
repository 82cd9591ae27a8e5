# expect: exception
# says: PermissionError: os.exec('/bin/sh') is not allowed in this sandbox
import os
os.execv("/bin/sh", ["sh", "-c", "touch /tmp/heapscope-hostile-pwned.txt"])
