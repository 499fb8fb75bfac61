"""The pandas peer of `prio rank --in IN --method wsjf --format csv -o OUT`.

Usage: python3 peer_pandas.py IN.csv OUT.csv

Reads the CSV, computes WSJF = (business_value + time_criticality +
risk_reduction) / job_size, sorts on it descending (stable, so ties keep
line order as prio's do; rows without a job size last) and writes every
column plus wsjf as CSV.
"""
import sys

import pandas as pd

src, dst = sys.argv[1], sys.argv[2]
df = pd.read_csv(src)
df["wsjf"] = (df["business_value"] + df["time_criticality"]
              + df["risk_reduction"]) / df["job_size"]
df.sort_values("wsjf", ascending=False, kind="stable",
               na_position="last").to_csv(dst, index=False)
