"""The rules core: activity model, rule packs and the evaluator.

Nothing here imports typer or rich, reads the ledger file, or prints.
"""
