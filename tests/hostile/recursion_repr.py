# expect: exception
# says: RecursionError: maximum recursion depth exceeded
# A __repr__ that calls repr() on itself: recursion through C code, stopped by the
# recursion limit. (With the limit raised, see recursion_through_c.py.)
class Loop:
    def __repr__(self):
        return "<" + repr(self) + ">"

text = repr(Loop())
