"""The `techspend` command: every argparse line of the product lives in this package.

Business rule: the command is a thin edge over the same workspace (writes) and models (reads) the
dashboard uses, and it never shows a traceback. Every failure is ONE line on stderr naming the
file or thing, what is wrong and what to do, and a non-zero exit:

* a domain error (`db.TechspendError`: bad file, unknown rule, locked database) -> its message,
  exit 2;
* output piped into a command that stops reading (`techspend rejects | head`) -> quiet;
* anything unexpected (a bug) -> one line saying so and where the full report was written
  ($TECHSPEND_LOG, default techspend-error.log in the system temp folder); `--debug` (anywhere on
  the line) or TECHSPEND_DEBUG=1 shows the traceback instead. Exit 3.

Global options go before or after the subcommand (`techspend --db x.duckdb summary` =
`techspend summary --db x.duckdb`): --db PATH, --json (tables as JSON, for listing commands),
--debug. Every option has a help text (tests/test_cli.py walks the parser to check it).

Rooms: cli/ingest_commands.py (ingest, export, rejects, uploads), cli/classify_commands.py
(rules, departments, summary, classify), cli/report_commands.py (budget, fx, report),
cli/setup_commands.py (sample, settings), cli/common.py (global options, store, files),
cli/output.py (tables as text or JSON).

    techspend ingest ledger.csv card.xlsx --db data/techspend.duckdb
    techspend --db data/techspend.duckdb settings set reporting-currency USD
    techspend rejects --upload 3 | head
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Sequence

from cli import (access_commands, classify_commands, governance_commands, ingest_commands,
                 report_commands, setup_commands)
from cli.common import global_options
from db import TechspendError, close_all_stores

EXIT_DOMAIN_ERROR = 2
EXIT_BUG = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techspend",
        description="Technology-spend analytics from finance exports (shadow IT, SoR vs SoE).",
        epilog="Global options (--db, --json, --debug) go before or after the command. "
               "`techspend COMMAND --help` shows a command's options.",
    )
    global_options(parser, top=True)
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback when something unexpected fails (anywhere on the line)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ingest_commands.register(sub)
    classify_commands.register(sub)
    report_commands.register(sub)
    access_commands.register(sub)  # access: techspend roles (#14)
    governance_commands.register(sub)
    setup_commands.register(sub)
    return parser


def _check_json(args: argparse.Namespace) -> None:
    """--json is for commands that print tables; anywhere else it would be silently ignored."""
    if getattr(args, "json", False) and not getattr(args, "json_ok", False):
        raise TechspendError(f"`techspend {args.command}` has no JSON output; --json works with "
                             "uploads, summary, rules list, departments list, budget list|show, "
                             "fx list|missing and settings show.")


def error_log_path() -> Path:
    return Path(os.environ.get("TECHSPEND_LOG") or Path(tempfile.gettempdir()) / "techspend-error.log")


def _quiet_stdout() -> None:
    """After a broken pipe: send what is left of stdout nowhere (no 'Exception ignored')."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced (tests) or already closed
        pass


def _report_bug(command: str, exc: BaseException) -> None:
    where = error_log_path()
    try:
        with open(where, "a", encoding="utf-8") as fh:
            fh.write(f"--- techspend {command}\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        said = f"details in {where}"
    except OSError:
        said = "run it again with --debug for details"
    print(f"techspend {command}: unexpected error ({type(exc).__name__}: {exc}); nothing was "
          f"changed by the step in progress; {said} (or rerun with --debug). Please report it.",
          file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("TECHSPEND_DEBUG") == "1"
    argv = [a for a in argv if a != "--debug"]
    command = next((a for a in argv if not a.startswith("-")), "")
    try:
        args = build_parser().parse_args(argv)
        _check_json(args)
        return int(args.handler(args) or 0)
    except TechspendError as exc:
        print(f"techspend: {exc}", file=sys.stderr)
        return EXIT_DOMAIN_ERROR
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        print("techspend: interrupted; nothing was changed by the step in progress.", file=sys.stderr)
        return 130
    except SystemExit as exc:  # argparse: usage already printed on stderr
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_DOMAIN_ERROR
    except Exception as exc:  # a bug: one line, the traceback in the log
        if debug:
            raise
        _report_bug(command, exc)
        return EXIT_BUG


def run() -> None:
    """Console entry point (`techspend`, `python -m cli`): exit with main()'s code, quietly on a
    broken pipe, without the interpreter's teardown (see `_exit_now`)."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    _exit_now(code)


def _exit_now(code: int) -> None:
    """End the process: every store closed (a write is committed and checkpointed before main
    returns; this frees the file for other processes), stdout and stderr flushed, then
    os._exit. Python's own teardown would free numpy's, pyarrow's and DuckDB's state object by
    object: 0.25 s of every command, for nothing (measured on an ingest)."""
    try:
        close_all_stores()
    except Exception:  # noqa: BLE001 - the command's work is done; its exit code stands
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
