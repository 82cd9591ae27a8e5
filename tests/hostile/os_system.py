# expect: exception
# says: PermissionError: os.system('touch /tmp/heapscope-hostile-pwned.txt') is not allowed
import os
os.system("touch /tmp/heapscope-hostile-pwned.txt")
