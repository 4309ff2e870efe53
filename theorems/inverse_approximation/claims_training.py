"""Slow claims that need training: P9 and P15."""

CLAIMS = ()
