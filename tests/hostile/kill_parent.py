# expect: exception
# says: PermissionError: os.kill(
# says: is not allowed in this sandbox (a program here may only signal itself)
# transcript: varies
# (it names the parent's pid, whose length moves where a sentence is cut.)
import os
os.kill(os.getppid(), 9)
