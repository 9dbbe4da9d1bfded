"""A new workspace reports in the currency of the first ledger loaded into it.

Business rule: every figure is shown in one reporting currency (db.settings), GBP until someone
sets it. A US, euro-zone or Japanese team's first own ledger would otherwise load as, say, USD
lines in a GBP workspace: with no FX rates, every headline figure is 0.00 and each line is
"left out for a missing FX rate". So while the reporting currency has never been set and the
workspace holds none of the user's own ledger lines (the sample company's do not count), a
ledger whose loaded lines are all in ONE currency makes that currency the reporting currency,
in the load's own transaction, and the load's notes say so and how to change it.

A ledger whose lines are in several currencies but each booked in one ('Amount' and 'Currency'
beside 'Amount (GBP)': ingest.book_currency) is in that booked currency.

Not adopted: a ledger in several currencies (and no booked amount) (its lines keep the FX rule and its warnings), a
workspace whose currency someone set (Settings page, `techspend settings set --currency`), or a
workspace that already holds an own ledger.

Worked example::

    fresh workspace, reporting currency never set (GBP by default)
    load card_feed.csv: 212 lines, all USD   -> reporting currency USD; note "Reporting currency
                                                set to USD, the currency of card_feed.csv ..."
    load eu_ledger.csv: 40 lines, all EUR    -> stays USD (an own ledger is already loaded): the
                                                EUR lines need FX rates, as before
"""

from __future__ import annotations

import dataclasses

from db.settings import reporting_currency, reporting_currency_chosen, write_settings
from ingest import LoadResult
from models.report.scope import sample_upload_ids


def adopt_ledger_currency(s, result: LoadResult) -> LoadResult:
    """Make the loaded ledger's one currency the workspace's reporting currency when the
    workspace is new (see the module docstring); returns `result`, with a note when it did.
    `s` is the load's workspace Session; when the sample company is loaded, every line is
    reclassified, as any settings change does (its lines now convert to the new currency)."""
    if result.status != "loaded" or result.upload_id is None:
        return result
    if reporting_currency_chosen(s):
        return result                                   # someone chose it: never overridden
    currencies = {code for code, _ in result.totals_by_currency.items()}
    code = currencies.pop() if len(currencies) == 1 else _booked_in(s, int(result.upload_id))
    if code is None:
        return result
    if code == reporting_currency(s):
        return result
    sample = [int(u) for u in sample_upload_ids(s)]
    own_lines = s.scalar(
        "SELECT count(*) FROM uploads WHERE dataset = 'ledger' AND upload_id <> ?"
        " AND NOT list_contains(?::BIGINT[], upload_id)", [int(result.upload_id), sample])
    if own_lines:
        return result
    write_settings(s.cursor_in_transaction, reporting_currency=code)
    note = (f"Reporting currency set to {code}, the currency of {result.file_name}: the first "
            f"ledger of your own in this workspace, so every figure is shown in {code}. Change it "
            f"on the Settings page or with `techspend settings set reporting-currency <CODE>`.")
    if sample:
        note += (" The sample company's lines in other currencies count only where FX rates "
                 "convert them: remove it with Settings > Start empty, or "
                 "`techspend sample remove`.")
        s.reclassify()
    return dataclasses.replace(result, notes=tuple(result.notes) + (note,))


def _booked_in(s, upload_id: int) -> str | None:
    """The one currency every line of the upload is in or was booked in (book_currency), if any;
    its lines are in ledger_lines or, held for this change's classification, in its view."""
    lines = s.lines_of(upload_id)
    codes, unbooked = s.cursor_in_transaction.execute(
        f"SELECT list(DISTINCT book_currency) FILTER (WHERE book_currency IS NOT NULL),"
        f" list(DISTINCT currency) FILTER (WHERE book_currency IS NULL) FROM {lines}"
        " WHERE upload_id = ?", [upload_id]).fetchall()[0]
    if codes and len(codes) == 1 and set(unbooked or []) <= set(codes):
        return codes[0]
    return None
