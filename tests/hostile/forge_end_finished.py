# expect: crashed
# says: the program wrote into heapscope's trace stream
# transcript: varies
# (which frame the forged one lands after depends on timing.)
# Writes a well-formed "end of run" frame that says the program finished, into every
# descriptor that could be the trace pipe, then goes on. Frames carry a tag
# keyed with a secret of this run that the program never sees: the parent tells them
# from the tracer's and says so, instead of reporting a finish that never happened.
import json, os, struct
end = json.dumps({"outcome": {"kind": "finished"}, "modules": [], "notes": ["all 10 tests passed"]}).encode()
frame = b"E" + struct.pack("<I", len(end)) + end
x = 1
for fd in range(3, 10):
    try:
        os.write(fd, frame)
    except OSError:
        pass
y = [x] * 3
print(y)
