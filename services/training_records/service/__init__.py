"""Training records' use cases: sessions, attendance, cadres, coverage and certificates."""
