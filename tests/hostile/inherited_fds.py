# expect: exception
# says: OSError: [Errno 9] Bad file descriptor
# heapscope is started with descriptor 7 open on a secret file and 8 appending to the
# canary (as a careless launcher leaves them). The worker closes every inherited
# descriptor before the program starts, so both are gone (Landlock does not cover files
# that are already open).
import os
canary = input()
try:
    os.write(8, b"pwned\n")
except OSError:
    pass
secret = os.read(7, 100)
