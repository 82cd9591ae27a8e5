# Python Tutor comparison: plain arithmetic, 100,004 steps.
total = 0
for i in range(50000):
    total += i
