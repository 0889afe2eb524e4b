"""The operator's launcher: starts PostgreSQL, NATS, Keycloak and the five services on loopback."""
