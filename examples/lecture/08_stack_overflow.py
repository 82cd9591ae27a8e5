# Slide: "Recursion and Stack Overflow" (the line that was commented out)
#
# Same function, but asked to go 10,000 calls deep. Python does not let the stack grow
# without limit: at about 1,000 frames (sys.getrecursionlimit()) it raises RecursionError
# instead of crashing. Look at the last steps: the exception, and how deep the stack is.
#
# sys.setrecursionlimit(20000) before the call would let this run (see
# 09_recursion_limit_raised.py), but only moves the wall: the stack still grows by one
# frame per call.


def countdown(counter):
    if counter == 0:
        return "done"
    return countdown(counter - 1)


print(countdown(10000))
