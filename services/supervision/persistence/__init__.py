"""Tables, repositories and migrations of the supervision service (schema `supervision`)."""
