# expect: exception
# says: ValueError: Exceeds the limit (4300 digits)
n = 10 ** 100000
s = str(n)
