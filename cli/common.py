"""What every techspend subcommand shares: the --db option, the store, files, output.

Business rule: a path that cannot be read is a one-line message naming it and what to do, and
the store every command writes through is the workspace's (unclassified lines healed on open).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from db import TechspendError, default_db_path
from workspace import open_workspace


def db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=None, help=f"DuckDB file (default $TECHSPEND_DB or {default_db_path()})"
    )


def store_for(args: argparse.Namespace):
    """The Store named by --db (or the default), opened through the workspace."""
    return open_workspace(args.db)


def read_file(path: str) -> bytes:
    """The bytes of a file named on the command line, or one clear line saying why not."""
    p = Path(path)
    if not p.exists():
        raise TechspendError(f"{path}: no such file. Check the name and the folder, then run the "
                             "command again.")
    if p.is_dir():
        raise TechspendError(f"{path} is a folder, not a file. Name the file inside it.")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise TechspendError(f"{path}: cannot be read ({exc.strerror or exc}). Check that you may "
                             "read it and that no other program has it locked.") from None


def parse_maps(pairs: list[str] | None, fields=None) -> dict[str, str] | None:
    """--map FIELD=COLUMN (repeatable) -> {field: column}; None when none given."""
    if not pairs:
        return None
    out: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            known = f" Fields: {', '.join(fields)}." if fields else ""
            raise TechspendError(f"--map takes FIELD=COLUMN (e.g. --map amount='Net Amount'), "
                                 f"not '{pair}'.{known}")
        out[field.strip()] = column.strip()
    return out


def json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def print_frame(frame, as_json: bool, columns: list[str]) -> None:
    frame = frame[columns]
    if as_json:
        records = [{k: (None if v is None or v != v else v) for k, v in r.items()}
                   for r in frame.to_dict(orient="records")]
        print(json.dumps(records, default=json_default, indent=2))
        return
    if frame.empty:
        print("(none)")
        return
    print(frame.to_string(index=False))


def say(message: str) -> None:
    """A progress line on stderr (never mixed into CSV on stdout)."""
    print(message, file=sys.stderr)
