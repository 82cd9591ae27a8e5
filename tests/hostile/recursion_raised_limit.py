# expect: exception: RecursionError
import sys
sys.setrecursionlimit(30000)
def f(n):
    return f(n + 1)

f(0)
