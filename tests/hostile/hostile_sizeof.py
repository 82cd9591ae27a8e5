# expect: finished
class Evil:
    def __sizeof__(self):
        while True:
            pass

e = Evil()
f = [e]
