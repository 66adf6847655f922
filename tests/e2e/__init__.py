"""End-to-end tests: the real discord.py client against a local Discord API fake."""
