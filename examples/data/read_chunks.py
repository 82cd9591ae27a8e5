# The same million customers read in chunks of 100,000: only one chunk is alive at a time,
# and the answer is aggregated as the chunks go by.
import os

import pandas as pd

from customers import write_csv

path = write_csv(1_000_000)
rows = churned = 0
spend = {False: 0.0, True: 0.0}
count = {False: 0, True: 0}
for chunk in pd.read_csv(path, chunksize=100_000):
    rows += len(chunk)
    churned += int(chunk["churned"].sum())
    sums = chunk.groupby("churned")["spend"].agg(["sum", "count"])
    for key, row in sums.iterrows():
        spend[key] += row["sum"]
        count[key] += int(row["count"])
print(f"churn rate {churned / rows:.3f}")
print({k: round(spend[k] / count[k], 2) for k in spend})
os.remove(path)
