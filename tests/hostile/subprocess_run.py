# expect: exception
# says: PermissionError: subprocess.Popen(['touch', '/tmp/heapscope-hostile-pwned.txt']) is not allowed in this sandbox
import subprocess
subprocess.run(["touch", "/tmp/heapscope-hostile-pwned.txt"])
