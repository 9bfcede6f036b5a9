"""Run cpd as ``python -m cpd_cli``."""

from cpd_cli.cli.app import main

main()
