# Slide: "The Heap"
#
# Watch `Person("Bob")`: Python makes an empty Person object on the heap, then runs
# __init__ with `self` pointing at it. `self.name = name` stores the name inside the
# object, not in the frame. When __init__ returns, the global `person` points at the same
# object that `self` pointed at.


class Person:
    def __init__(self, name):
        self.name = name


person = Person("Bob")
print(person.name)
