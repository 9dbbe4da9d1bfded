"""The `techspend` command: a thin edge over the same library code the dashboard uses.

Every subcommand opens the store, calls ingest/models, prints a result. Domain errors
(`db.TechspendError`) become one clear line on stderr and exit code 2; nothing prints a traceback
for bad input.

    techspend ingest ledger.csv card.xlsx --db data/techspend.duckdb
    techspend export --db data/techspend.duckdb --out lines.csv
    techspend rejects --db data/techspend.duckdb --upload 3
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from db import TechspendError, default_db_path, open_store

Handler = Callable[[argparse.Namespace], int]


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=None, help=f"DuckDB file (default $TECHSPEND_DB or {default_db_path()})"
    )


# ---- ingest area (ingest/) ------------------------------------------------------------------
def _add_ingest_commands(sub: argparse._SubParsersAction) -> None:
    from ingest import cli_commands

    cli_commands.register(sub, _db_arg)


# ---- classification area (models/classification) -------------------------------------------
def _add_classification_commands(sub: argparse._SubParsersAction) -> None:
    try:
        from models import cli_commands
    except ImportError:  # area not built yet
        return
    cli_commands.register(sub, _db_arg)


# ---- reporting area (budgets, FX, board pack) -----------------------------------------------
def _add_report_commands(sub: argparse._SubParsersAction) -> None:
    try:
        from models import report_commands
    except ImportError:  # area not built yet
        return
    report_commands.register(sub, _db_arg)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techspend",
        description="Technology-spend analytics from finance exports (shadow IT, SoR vs SoE).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_ingest_commands(sub)
    _add_classification_commands(sub)
    _add_report_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except TechspendError as exc:
        print(f"techspend: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("techspend: interrupted; nothing was changed by the step in progress.", file=sys.stderr)
        return 130


def store_for(args: argparse.Namespace):
    """The Store named by --db (or the default)."""
    return open_store(args.db)


if __name__ == "__main__":
    sys.exit(main())
