"""Pure rules of the portal: menu, messages, dates, safe redirects (no I/O)."""
