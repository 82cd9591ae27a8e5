# expect: crashed
# says: stack overflow
# flags: --timeout 15
# transcript: varies
# (the C stack's depth, and so the steps, differ from run to run.)
# Recursion through C code (map + sum) with a raised limit overflows the C stack:
# the worker dies, the parent says so.
import sys
sys.setrecursionlimit(10 ** 6)
def f(n):
    return sum(map(f, [n + 1]))

f(0)
