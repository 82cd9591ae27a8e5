# A million customers read whole: the frame holds every row at once.
import os

import pandas as pd

from customers import write_csv

path = write_csv(1_000_000)
df = pd.read_csv(path)
churn_rate = df["churned"].mean()
mean_spend = df.groupby("churned")["spend"].mean()
print(f"churn rate {churn_rate:.3f}")
print(mean_spend.round(2).to_dict())
os.remove(path)
