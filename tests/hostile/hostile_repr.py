# expect: finished
# The tracer never calls __repr__ or __str__: the program ends normally.
class Evil:
    def __repr__(self):
        while True:
            pass
    def __str__(self):
        raise SystemExit("str called")

e = Evil()
items = [e, e]
