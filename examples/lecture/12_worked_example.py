# Slide: "Worked Example"
#
# Part 1, the slow script: a recursive function appends each processed value to a global
# list. Watch one frame per row pile up (six rows: six frames, plus one to stop), and the
# global `results` keep growing. With 5,000 rows this would end in RecursionError, like
# 08_stack_overflow.py.
# Part 2, the fix: a generator processes one row at a time in a single frame, the caller
# keeps only what it needs (a running total), and the global list is cleared when done.

rows = [3, 1, 4, 1, 5, 9]
results = []


def process_recursive(data, i):
    if i == len(data):
        return
    results.append(data[i] * 10)
    process_recursive(data, i + 1)


def process_rows(data):
    for value in data:
        yield value * 10


process_recursive(rows, 0)
print("recursive:", results)
results.clear()  # we are done with it: the list is empty again

processor = process_rows(rows)  # a generator object; its frame runs only when asked
total = 0
for processed in processor:
    total += processed
print("generator total:", total)
