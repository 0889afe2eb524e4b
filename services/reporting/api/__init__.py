"""HTTP handlers of reporting: parse the query, name the ability, call one service function."""
