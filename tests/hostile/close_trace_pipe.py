# expect: crashed
# transcript: varies
# (how much of the run reaches the trace before the pipe closes depends on timing.)
# Closes every descriptor that could be the trace pipe: the trace keeps what was sent,
# and the run ends as a crash instead of hanging or passing for finished.
import os
x = 1
for fd in range(3, 20):
    try:
        os.close(fd)
    except OSError:
        pass
y = [x] * 3
for i in range(100):
    y.append(i)
