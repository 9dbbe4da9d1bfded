"""What every techspend subcommand shares: the global options, the store, files, output.

Business rule: a path that cannot be read is a one-line message naming it and what to do, and
the store every command writes through is the workspace's (unclassified lines healed on open).
The global options (--db, --json; --debug is read by cli.main) are accepted before or after the
subcommand, as a shell user types them: `techspend --db x.duckdb summary` and
`techspend summary --db x.duckdb` are the same command. (argparse: the top-level parser holds the
defaults; every subparser adds the same options with SUPPRESS defaults, so a value given before
the subcommand is not overwritten by the subparser's default.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db import TechspendError, default_db_path
from workspace import open_workspace


DB_HELP = f"DuckDB file (default $TECHSPEND_DB or {default_db_path()})"
JSON_HELP = "print tables as JSON (listing commands: uploads, summary, rules list, ...)"


def global_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--db and --json on `parser`: with real defaults on the top-level parser, SUPPRESS below."""
    keep = argparse.SUPPRESS
    parser.add_argument("--db", default=None if top else keep, metavar="PATH", help=DB_HELP)
    parser.add_argument("--json", action="store_true", default=False if top else keep,
                        help=JSON_HELP)


def db_arg(parser: argparse.ArgumentParser) -> None:
    """The global options on one subcommand (kept under its old name for the command modules)."""
    global_options(parser)


def store_for(args: argparse.Namespace):
    """The Store named by --db (or the default), opened through the workspace."""
    return open_workspace(args.db)


def read_file(path: str) -> bytes:
    """The bytes of a file named on the command line, or one clear line saying why not."""
    p = check_file(path)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise TechspendError(f"{path}: cannot be read ({exc.strerror or exc}). Check that you may "
                             "read it and that no other program has it locked.") from None


def check_file(path: str) -> Path:
    """A file named on the command line that exists and can be opened (its bytes are not read:
    a ledger is read in place, in chunks), or one clear line saying why not."""
    p = Path(path)
    if not p.exists():
        raise TechspendError(f"{path}: no such file. Check the name and the folder, then run the "
                             "command again.")
    if p.is_dir():
        raise TechspendError(f"{path} is a folder, not a file. Name the file inside it.")
    try:
        with p.open("rb"):
            return p
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


def say(message: str) -> None:
    """A progress line on stderr (never mixed into CSV on stdout)."""
    print(message, file=sys.stderr)
