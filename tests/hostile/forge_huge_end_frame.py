# expect: crashed
# says: the program wrote into heapscope's trace stream
# transcript: varies
# (which frame the forged one lands after depends on timing.)
# Finding 5: a forged end-of-run frame of 60 MB, written into every descriptor that could
# be the trace pipe. It once cost the server about 117 MB per request (only record frames
# counted toward the trace cap). Every frame now counts, a frame whose length would pass
# the cap is refused before it is read, and a frame without the run's tag ends the run
# where it was written (with a cap below 60 MB the run ends as "trace size limit
# reached" instead, before a byte of the frame is read).
import os, struct
body = b'{"outcome": {"kind": "finished"}, "notes": ["' + b"x" * (60 << 20) + b'"]}'
frame = b"E" + struct.pack("<I", len(body)) + body
x = 1
for fd in range(3, 10):
    try:
        os.write(fd, frame)
    except OSError:
        pass
y = 2
