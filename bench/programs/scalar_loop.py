# 1,000,000 iterations of plain arithmetic: about 2,000,000 steps.
total = 0
for i in range(1000000):
    total += i
