"""Unit tests of the training_records domain."""
