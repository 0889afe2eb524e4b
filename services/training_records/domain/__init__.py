"""training_records domain: pure rules of training records, with no I/O."""
