# expect: crashed
# says: stack overflow
# flags: --timeout 15
# Recursion through repr() (C code between the Python calls) with a raised limit.
import sys
sys.setrecursionlimit(10 ** 6)
class Loop:
    def __repr__(self):
        return "<" + repr(self) + ">"

text = repr(Loop())
