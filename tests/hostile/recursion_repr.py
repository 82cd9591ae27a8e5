# expect: crashed: stack overflow
import sys
sys.setrecursionlimit(10 ** 6)
class Nest:
    def __init__(self, inner):
        self.inner = inner
    def __repr__(self):
        return "(" + repr(self.inner) + ")"

n = None
for i in range(100000):
    n = Nest(n)
text = repr(n)
