"""Use cases of reporting: projecting events onto the facts, and the figures read from them."""
