"""The demo year: a year of the county's petition work, seeded once by `xinfang up` (see run.py)."""
