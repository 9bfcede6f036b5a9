"""The ledger store: the TOML file on disk, read strictly and written safely.

Imports the core's model, never typer or rich.
"""
