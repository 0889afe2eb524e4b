"""The five Xinfang services, each its own process, schema and database role."""
