# A view shares its owner's buffer; a copy has a buffer of its own.
import numpy as np
import pandas as pd

a = np.arange(1_000_000)
evens = a[::2]
copy = a.copy()
a[0] = -1
frame = pd.DataFrame({"id": a[:5], "name": ["ann", "bob", "cy", "di", "ed"], "spend": np.linspace(10, 50, 5)})
