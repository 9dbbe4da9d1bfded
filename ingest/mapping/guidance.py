"""Help when a field has no column: the likeliest columns, sample values, the exact option.

Business rule: an upload never dead-ends. The mapping editor and the CLI message show every
column with a few sample values and the best guesses for the missing field, even below the
threshold the assignment needs ('Amount?' -> the most money-like column).
"""

from __future__ import annotations

from ingest.mapping.assign import _column_values, score_pairs, without_header_rows
from ingest.mapping.evidence import _value_words
from ingest.mapping.fields import FIELD_LABELS, MONEY_FIELDS
from ingest.mapping.headings import analyse_heading
from ingest.mapping.values import profile_column


def field_candidates(fld: str, columns: tuple[str, ...], sample,
                     limit: int = 3) -> list[tuple[str, float, str]]:
    """The likeliest columns for one field, best first: (column, weight, why). A missing field
    still gets guesses from its values, with no threshold ('Amount?' -> the most money-like)."""
    columns = tuple(columns)
    sample = without_header_rows(columns, sample)
    pairs = score_pairs(columns, sample)
    found = [(c, pairs[(c, fld)].weight, pairs[(c, fld)].why) for c in columns if (c, fld) in pairs]
    if fld in MONEY_FIELDS:   # never propose a column of references ('INV7000') as the money
        values = _column_values(columns, sample)
        found = [f for f in found if profile_column(values[f[0]]).money >= 0.5]
    if len(found) < limit:
        values = _column_values(columns, sample)
        seen = {c for c, _, _ in found}
        for c in columns:
            if c in seen:
                continue
            prof = profile_column(values[c])
            share = {"date": max(prof.date, prof.serial), "period": prof.period}.get(
                fld, prof.money if fld in MONEY_FIELDS else prof.text)
            if share >= 0.5 and not (fld in MONEY_FIELDS and analyse_heading(c).never_amount):
                found.append((c, share, _value_words(fld, prof)))
    found.sort(key=lambda t: -t[1])
    return found[:limit]


def _samples(values: list[str | None], n: int = 3) -> list[str]:
    out: list[str] = []
    for v in values:
        if v is not None and str(v).strip() and str(v).strip() not in out:
            out.append(str(v).strip()[:40])
        if len(out) == n:
            break
    return out


def column_samples(columns: tuple[str, ...], sample, n: int = 3) -> dict[str, list[str]]:
    """Column -> up to n distinct sample values (for the mapping editor and messages)."""
    values = _column_values(tuple(columns), sample)
    return {c: _samples(values[c], n) for c in columns}


def missing_field_help(fld: str, columns: tuple[str, ...], sample) -> str:
    """What to do when a required field has no column: every column with sample values, the
    best guesses, and the exact CLI option to try. Example:

        No column was recognised as the amount. The columns, with sample values:
          'Client': OCC, OCC
          'Zzz': 834.29, 1140.00, 500.50   <- likely (heading not recognised, values 100% money)
        Try: --map amount="Zzz"
    """
    columns = tuple(columns)
    label = FIELD_LABELS.get(fld, fld).lower()
    guesses = field_candidates(fld, columns, sample)
    likely = {c: why for c, _, why in guesses}
    lines = [f"No column was recognised as the {label}. The columns, with sample values:"]
    for column, values in column_samples(columns, sample).items():
        line = f"  '{column}': " + (", ".join(values) if values else "(empty)")
        if column in likely:
            line += f"   <- likely ({likely[column]})"
        lines.append(line)
    target = guesses[0][0] if guesses else "COLUMN"
    lines.append(f"Try: --map {fld}=\"{target}\"")
    if fld == "amount":
        lines.append('Or debit and credit columns: --map debit="DEBIT COLUMN" --map credit="CREDIT COLUMN"')
    if fld == "date":
        lines.append("Or, when the file has no line dates, give its period: --period 2024-03")
    return "\n".join(lines)
