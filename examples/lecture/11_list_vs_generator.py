# Slide: Worked Example, question 2 ("implement a generator to yield items instead of
# returning the whole list")
#
# First a list comprehension builds all the squares at once: the list object appears on the heap
# with all 1,000 items before sum() even starts. Then a generator makes one square at a time: the
# heap holds a generator object (paused at its `yield`), never a list of all the squares.


def squares_list(n):
    return [i * i for i in range(n)]


def squares_gen(n):
    for i in range(n):
        yield i * i


squares = squares_list(1000)  # one list object holding all 1,000 squares
all_at_once = sum(squares)
del squares  # done with it: nothing refers to the list any more, so CPython frees it

lazy = squares_gen(1000)  # a generator object: nothing computed yet
one_at_a_time = sum(lazy)  # sum() asks for one square at a time
print(all_at_once, one_at_a_time)
