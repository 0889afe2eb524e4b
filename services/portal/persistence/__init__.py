"""Tables, repositories and migrations of the portal service (schema `portal`)."""
