# expect: exception
# says: PermissionError: os.kill(
# says: is not allowed in this sandbox (a program here may only signal itself)
import os
os.kill(os.getppid(), 9)
