# Recursion through C code (map + sum) with a raised limit: about 11,000 frames deep
# before the C stack overflows and the interpreter crashes.
import sys
sys.setrecursionlimit(10 ** 6)
def f(n):
    return sum(map(f, [n + 1]))

f(0)
