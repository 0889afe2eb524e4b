"""Training records' tables, repositories and migrations."""
