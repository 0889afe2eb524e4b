"""Page and sign-in handlers of the portal: parse, call one service function, render."""
