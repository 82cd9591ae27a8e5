# expect: finished
class Meta(type):
    def __getattribute__(cls, name):
        raise RuntimeError("meta getattribute " + name)
    def __repr__(cls):
        while True:
            pass

class Weird(metaclass=Meta):
    pass

w = Weird
