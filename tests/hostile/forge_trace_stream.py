# expect: crashed
# says: the program wrote into heapscope's trace stream
# transcript: varies
# (how much of the run reaches the trace before the forged frame depends on timing.)
# Writes a bogus frame to every descriptor that could be the trace pipe. The program can
# only spoil its own trace: the parent checks every frame and ends the run.
import os, struct
x = 1
for fd in range(3, 10):
    try:
        os.write(fd, b"R" + struct.pack("<I", 64) + b"\xff" * 64)
    except OSError:
        pass
y = 2
