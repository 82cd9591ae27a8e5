# expect: time_limit
# says: time limit reached
# draw: yes
# Finding 7, the other shape: objects whose __del__ makes the next one, at interpreter
# exit, without end (CPython's trashcan keeps the C stack shallow, so the chain only
# stops at the time limit), with a deep recursion at each link.
import sys
sys.setrecursionlimit(100000)

class Link:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        def down(k):
            return 0 if k == 0 else down(k - 1)
        down(300)
        type(self)(self.n + 1)

first = Link(0)
