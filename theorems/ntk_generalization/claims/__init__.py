"""Claims of the NTK generalization theorem, one prediction of spec sec. 6 per module."""
