"""Use cases of the supervision service."""
