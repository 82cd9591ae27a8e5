# The same million customers held as a DataFrame: one array per column.
import os

import pandas as pd

from customers import write_csv

path = write_csv(1_000_000)
customers = pd.read_csv(path)
print(len(customers), customers.dtypes.to_dict())
os.remove(path)
