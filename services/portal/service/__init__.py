"""Use cases of the portal: signing in and out through Keycloak, the server-side web session."""
