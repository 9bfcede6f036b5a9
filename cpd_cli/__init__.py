"""cpd — keep a Jiangxi professional-technical person's continuing-education ledger.

The package has three layers that show in its folders:

- ``cpd_cli.core``: the rules (rule packs as data, the activity model, the evaluator);
- ``cpd_cli.store``: the TOML ledger on disk, read and written safely;
- ``cpd_cli.cli``: the Typer commands and their Rich / JSON renderers.

The core and the store never import typer or rich.
"""

__version__ = "0.1.0"
