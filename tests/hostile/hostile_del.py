# expect: finished
# transcript: varies
# (it shows the path of the checkout, whose length moves where a line is cut.)
class Evil:
    def __del__(self):
        raise ValueError("from __del__")

e = Evil()
e = None
print("after")
