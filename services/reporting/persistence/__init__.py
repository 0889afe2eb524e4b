"""Tables, repositories and migrations of the reporting service (schema `reporting`)."""
