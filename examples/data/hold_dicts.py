# A million customers held as a list of dicts: an object per row and per value.
import os

import pandas as pd

from customers import write_csv

path = write_csv(1_000_000)
customers = pd.read_csv(path).to_dict("records")
print(len(customers), customers[0])
os.remove(path)
