# Quiz: "In Python, where are the references to heap-allocated objects stored?"
#
# Watch the arrows. `shopping` in the Global frame refers to a list; inside `add_item`
# the local `basket` refers to the same list. Those references live in frames (the stack).
# The outer list `week` also holds references: to the two inner lists. So references are
# stored in frames AND inside other heap objects.


def add_item(basket, item):
    basket.append(item)
    return len(basket)


shopping = ["milk"]
size = add_item(shopping, "eggs")
week = [shopping, ["bread"]]
print(size, week)
