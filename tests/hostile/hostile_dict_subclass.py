# expect: finished
class Evil(dict):
    def __iter__(self):
        while True:
            yield 1
    def keys(self):
        raise RuntimeError("keys called")
    def __len__(self):
        return -1

d = Evil(a=1)
lst = [d]
