# Python Tutor comparison: a small function called 20,000 times, 100,004 steps.
def add(a, b):
    return a + b

total = 0
for i in range(20000):
    total = add(total, i)
