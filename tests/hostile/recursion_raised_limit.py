# expect: exception
# flags: --timeout 15
# says: RecursionError
import sys
sys.setrecursionlimit(5000)
def f(n):
    return f(n + 1)

f(0)
