# Slide: "Value Types and Reference Types"
#
# Two calls, two different results:
#   increment(number): inside the call, the local `number` becomes 11, but the global
#     `number` is still 10 afterwards. `number += 1` makes a new int object and points the
#     local name at it; ints can never be changed in place.
#   append_to_list(items): the local `lst` and the global `items` are two arrows to ONE
#     list. append changes that list, so the global sees 4 items.
#
# Tip: run with --heap-primitives and look at the call step of increment: the local and
# the global `number` point at the same int object. Python passed a reference here too.


def increment(number):
    number += 1
    return number


def append_to_list(lst):
    lst.append(4)


items = [1, 2, 3]
append_to_list(items)

number = 10
bigger = increment(number)

print(number, bigger, items)
