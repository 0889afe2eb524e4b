"""supervision domain: pure rules of a case's life, with no I/O."""
