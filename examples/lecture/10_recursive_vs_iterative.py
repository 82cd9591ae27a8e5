# Slides: "Preventing Stack Overflow" and "Iterative vs Recursive Functions"
#
# The same job done twice: add up 1 + 2 + ... + n.
#   total_recursive: one new frame per number. At the deepest step there are n + 1 of them.
#   total_iterative: one frame for the whole job; the loop only rebinds `total` and `n`.
# Both give the same answer.


def total_recursive(n):
    if n == 0:
        return 0
    return n + total_recursive(n - 1)


def total_iterative(n):
    total = 0
    while n > 0:
        total += n
        n -= 1
    return total


by_recursion = total_recursive(5)
by_loop = total_iterative(5)
print(by_recursion, by_loop)
