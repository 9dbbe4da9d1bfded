"""`python -m cli ...` runs the techspend command."""

from cli import run

run()
