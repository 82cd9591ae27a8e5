# A small function called 200,000 times.
def add(a, b):
    return a + b

total = 0
for i in range(200000):
    total = add(total, i)
