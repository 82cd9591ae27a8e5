# expect: crashed
# says: stack overflow
# flags: --timeout 15
# Recursion through C code (map + sum) with a raised limit overflows the C stack:
# the worker dies, the parent says so.
import sys
sys.setrecursionlimit(10 ** 6)
def f(n):
    return sum(map(f, [n + 1]))

f(0)
