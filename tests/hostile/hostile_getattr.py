# expect: finished
class Evil:
    def __getattribute__(self, name):
        while True:
            pass
    def __getattr__(self, name):
        while True:
            pass

e = Evil()
box = {"e": e}
