"""Database access: the engine, sessions and the caller's scope inside each transaction."""
