# The same million customers as plain numpy columns, each read in the smallest dtype
# that holds its values (an age fits in a byte; a spend in a 4-byte float).
import os

import numpy as np
import pandas as pd

from customers import write_csv

path = write_csv(1_000_000)
small = {"customer_id": np.uint32, "age": np.uint8, "visits": np.uint16,
         "spend": np.float32, "churned": np.bool_}
frame = pd.read_csv(path, dtype=small)
columns = {name: frame[name].to_numpy() for name in frame.columns}
del frame
print(len(columns["age"]), sum(a.nbytes for a in columns.values()))
os.remove(path)
