# expect: crashed
# says: the program wrote into heapscope's trace stream
# transcript: varies
# (how much of the run reaches the trace before the forged bytes depends on timing.)
# Points sys.stdout at the trace pipe and prints: the parent sees bytes the tracer did
# not seal.
import os, sys
sys.stdout = open(3, "w", closefd=False)
print("E" * 100, flush=True)
while True:
    pass
