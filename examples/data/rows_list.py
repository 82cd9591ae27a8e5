# Rows as Python objects, all in a list first: every row is alive until the end.
# (100,000 rows: each row's lines are traced one by one, which takes a while.)
import csv
import os

from customers import write_csv

path = write_csv(100_000)


def read_rows(path):
    with open(path, newline="") as f:
        return [row for row in csv.DictReader(f)]


rows = read_rows(path)
total = sum(float(r["spend"]) for r in rows)
print(f"mean spend {total / len(rows):.2f}")
os.remove(path)
