"""The lecture's data: customers of a shop, one row each, written to a CSV by the program
itself (no download), in slices so that writing it holds little memory. Each run writes
its own file (two programs compared side by side never read each other's half-written
file); each program removes it at its end."""
import os
import tempfile

import numpy as np
import pandas as pd

COLUMNS = ["customer_id", "age", "visits", "spend", "churned"]


def write_csv(rows, path=None):
    """Writes `rows` customers to a CSV file and returns its path."""
    path = path or os.path.join(tempfile.gettempdir(), f"customers_{rows}_{os.getpid()}.csv")
    rng = np.random.default_rng(13)
    step = 100_000
    for start in range(0, rows, step):
        n = min(step, rows - start)
        part = pd.DataFrame({
            "customer_id": np.arange(start, start + n),
            "age": rng.integers(18, 90, n),
            "visits": rng.poisson(12, n),
            "spend": rng.gamma(2.0, 40.0, n).round(2),
            "churned": rng.random(n) < 0.2,
        })
        part.to_csv(path, mode="w" if start == 0 else "a", header=start == 0, index=False)
    return path
