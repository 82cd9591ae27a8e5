# The same rows from a generator: one row is alive at a time.
import csv
import os

from customers import write_csv

path = write_csv(100_000)


def read_rows(path):
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            yield row


total = count = 0
for r in read_rows(path):
    total += float(r["spend"])
    count += 1
print(f"mean spend {total / count:.2f}")
os.remove(path)
