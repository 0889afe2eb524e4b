"""HTTP handlers of the intake service, one resource per module."""
