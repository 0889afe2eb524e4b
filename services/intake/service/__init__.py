"""Use cases of the intake service."""
