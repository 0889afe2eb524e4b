"""Training records' HTTP API: sessions with their attendance, and hours, coverage and certificates."""
