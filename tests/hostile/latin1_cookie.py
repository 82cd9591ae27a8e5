# -*- coding: latin-1 -*-
# expect: finished
# A Latin-1 file with a coding cookie: CPython runs it, so heapscope does too (it used to
# refuse it as "not a text file"), with the text decoded as the cookie says.
s = 'café'
assert len(s) == 4 and s[3] == '\xe9', ascii(s)
print(s)
