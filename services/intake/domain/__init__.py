"""intake domain: pure rules of petition intake, with no I/O."""
