# expect: exception: PermissionError: subprocess.Popen
import subprocess
subprocess.run(["touch", "/tmp/heapscope-hostile-pwned.txt"])
