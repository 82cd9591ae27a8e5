# Where the slides simplify: "an object is freed when nothing refers to it any more".
#
# That is reference counting, and it is most of the story. But two objects that refer to
# each other keep each other's count above zero even when no variable reaches them. Watch
# make_pair's frame go: the two Nodes stay on the heap, each with one reference (the
# other's). CPython's cycle collector (the gc module) finds such islands and frees them;
# here we ask it to run now with gc.collect().
import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None


def make_pair():
    left = Node("left")
    right = Node("right")
    left.partner = right
    right.partner = left


make_pair()
unreachable = gc.collect()
print(unreachable)
