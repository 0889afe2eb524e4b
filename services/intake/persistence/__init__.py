"""Tables, repositories and migrations of the intake service (schema `intake`)."""
