# expect: finished
class Evil:
    def __del__(self):
        raise ValueError("from __del__")

e = Evil()
e = None
print("after")
