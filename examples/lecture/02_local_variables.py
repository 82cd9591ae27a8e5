# Slide: "Visualising Local Variables vs Objects"
#
# Watch a function's frame appear on the stack when it is called and disappear when it
# returns. Its local names go with it. What happens to the objects they pointed at
# depends on whether anything else still refers to them.


def make_temporary():
    count = 20  # a local name: gone when the frame goes
    numbers = [1, 2, 3]  # a list on the heap; only this frame refers to it
    # Nothing keeps `numbers` after the return, so CPython frees the list right away.


def make_kept():
    count = 20
    numbers = [4, 5, 6]
    return numbers  # the caller gets a reference, so this list outlives the frame


make_temporary()
kept = make_kept()
print(kept)
