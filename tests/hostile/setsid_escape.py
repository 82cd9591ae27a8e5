# expect: exception
# says: PermissionError: [Errno 1] Operation not permitted
# Leaving the process group would dodge the parent's kill on time-out: seccomp.
import os
os.setsid()
while True:
    pass
