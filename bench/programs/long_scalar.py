# 10,000,000 steps of plain arithmetic: recording in flat memory.
total = 0
for i in range(5000000):
    total += i
