# expect: exception: PermissionError: os.posix_spawn
import os
os.posix_spawn("/bin/sh", ["sh", "-c", "true"], {})
