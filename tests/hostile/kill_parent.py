# expect: exception: PermissionError: a program here may only signal itself
import os
os.kill(os.getppid(), 9)
