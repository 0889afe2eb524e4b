"""HTTP handlers of the supervision service."""
