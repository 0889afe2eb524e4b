"""Tables, repositories and migrations of the training_records service (schema `training_records`)."""
