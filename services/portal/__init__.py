"""portal 门户: The web UI: signs users in with Keycloak and calls the four APIs with the user's token."""
