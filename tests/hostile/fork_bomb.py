# expect: exception
# says: PermissionError: os.fork() is not allowed in this sandbox
import os
while True:
    os.fork()
