"""Versioned event payloads: the only code services share."""
