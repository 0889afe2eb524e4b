"""Xinfang's common library: settings, database and tenancy, auth, events, telemetry, trail."""
