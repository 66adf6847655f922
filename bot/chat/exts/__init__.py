"""One extension per feature; each ends in `setup()`."""
