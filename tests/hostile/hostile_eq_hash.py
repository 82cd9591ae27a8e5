# expect: exception
# says: RuntimeError: hash called
class Evil:
    def __eq__(self, other):
        while True:
            pass
    def __hash__(self):
        raise RuntimeError("hash called")

a = [Evil(), Evil()]
s = {a[0]}
