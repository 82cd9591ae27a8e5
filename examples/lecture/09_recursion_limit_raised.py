# Slide: "Preventing Stack Overflow"
#
# Raising the recursion limit lets the 10,000-deep countdown finish, but look at the
# deepest step: 10,001 frames of countdown (10000 down to 0) are on the stack at once.
# The limit is a guard rail, not a fix.
# Compare with 10_recursive_vs_iterative.py, where a loop does the same job in one frame.
import sys

sys.setrecursionlimit(20000)


def countdown(counter):
    if counter == 0:
        return "done"
    return countdown(counter - 1)


print(countdown(10000))
