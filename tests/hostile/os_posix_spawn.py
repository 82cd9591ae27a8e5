# expect: exception
# says: PermissionError: os.posix_spawn('/bin/sh') is not allowed in this sandbox
import os
os.posix_spawn("/bin/sh", ["sh", "-c", "true"], {})
