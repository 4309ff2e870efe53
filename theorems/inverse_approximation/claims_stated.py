"""Claims that test each bound the paper states, as printed, on the class of W it is stated for."""

from __future__ import annotations

CLAIMS: tuple = ()
REPRODUCTIONS: tuple = ()
