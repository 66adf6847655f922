"""The thin Discord layer: translates between Discord objects and the engine."""
