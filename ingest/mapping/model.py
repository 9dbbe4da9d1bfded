"""The mapping itself: canonical field -> source column, how to read it, and why.

Business rule: a person can override any field; taking a column for one field takes it away from
another; choosing the amount drops debit/credit (and the reverse). A confirmed mapping is
remembered by the header signature (`header_signature`: same headings, ignoring case and
spacing), so next month's export of the same shape maps itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

from ingest.errors import IngestError
from ingest.mapping.fields import FIELDS
from ingest.mapping.headings import analyse_heading
from ingest.mapping.vocab import normalise_heading


# ---- the mapping -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mapping:
    """Canonical field -> source column name, plus how to read the values."""

    fields: dict[str, str] = field(default_factory=dict)
    default_currency: str = "GBP"
    date_order: str | None = None          # 'dmy' | 'mdy' | None (decide from the values)
    notes: tuple[str, ...] = ()
    # evidence from the amount heading's qualifiers ('£ SPEND (EXCLUDING VAT)' -> 'GBP', 'net')
    currency_hint: str | None = None       # ISO code named by the amount heading, if any
    amount_basis: str | None = None        # 'net' | 'gross' | None, from the amount heading
    # per field: why this column was chosen (and the runner-up when close), for the UI and CLI
    explanations: tuple[tuple[str, str], ...] = ()

    @property
    def amount_mode(self) -> str:
        if "debit" in self.fields or "credit" in self.fields:
            return "debit_credit"
        return "amount"

    def column(self, name: str) -> str | None:
        return self.fields.get(name)

    def notes_after_staging(self, currency_source: str, assumed: bool = False) -> list[str]:
        """The notes, less the fallback currency when staging found the file's own (cells that
        say '$45.10') or was given one: the amounts were not 'taken as GBP'; and less it when
        staging says the same with a count ("No currency found for 12 line(s) ...": `assumed`)."""
        if currency_source == "heading":   # staging says "Currency EUR, from the amount heading"
            return [n for n in self.notes if not n.startswith("No currency column: the heading")]
        if currency_source not in ("file", "given", "title", "script") and not assumed:
            return list(self.notes)
        return [n for n in self.notes if not n.startswith("No currency column: amounts are taken as")]

    def explanation(self, name: str) -> str | None:
        return dict(self.explanations).get(name)

    def with_overrides(self, overrides: dict[str, str | None], columns: tuple[str, ...]) -> "Mapping":
        fields = dict(self.fields)
        why = dict(self.explanations)
        for key, column in overrides.items():
            if key not in FIELDS:
                raise IngestError(
                    f"Unknown field '{key}' in the mapping. Fields: {', '.join(FIELDS)}."
                )
            if column in (None, ""):
                fields.pop(key, None)
                why[key] = f"{key}: none (chosen by you)"
                continue
            match = _match_column(column, columns)
            if match is None:
                raise IngestError(
                    f"There is no column '{column}' for {key}. Columns: {', '.join(columns)}."
                )
            # a column feeds one field: taking it away from another field
            for other, col in list(fields.items()):
                if col == match and other != key:
                    fields.pop(other)
                    why.pop(other, None)
            fields[key] = match
            why[key] = f"{key} = '{match}': chosen by you"
            if key == "amount":
                fields.pop("debit", None)
                fields.pop("credit", None)
            if key in ("debit", "credit"):
                fields.pop("amount", None)
        hint, basis = self.currency_hint, self.amount_basis
        default = self.default_currency
        if "amount" in overrides:
            hint, basis = _amount_qualifiers(fields.get("amount"))
            if hint and "currency" not in fields:
                default = hint
        return replace(self, fields=fields, currency_hint=hint, amount_basis=basis, default_currency=default,
                       explanations=tuple((f, why[f]) for f in FIELDS if f in why))

    def to_json(self) -> str:
        return json.dumps({"fields": self.fields, "default_currency": self.default_currency,
                           "date_order": self.date_order, "currency_hint": self.currency_hint,
                           "amount_basis": self.amount_basis}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        data = json.loads(text)
        return cls(fields=data.get("fields", {}), default_currency=data.get("default_currency", "GBP"),
                   date_order=data.get("date_order"), currency_hint=data.get("currency_hint"),
                   amount_basis=data.get("amount_basis"))


def _match_column(name: str, columns: tuple[str, ...]) -> str | None:
    if name in columns:
        return name
    lowered = {c.strip().lower(): c for c in columns}
    return lowered.get(name.strip().lower())


def _amount_qualifiers(column: str | None) -> tuple[str | None, str | None]:
    if not column:
        return None, None
    evidence = analyse_heading(column)
    return (evidence.currency or None), evidence.basis


def header_signature(columns: tuple[str, ...]) -> str:
    """Same headings (ignoring case, spacing and order-preserving) -> same signature."""
    norm = "|".join(normalise_heading(c) for c in columns)
    return hashlib.sha256(norm.encode()).hexdigest()[:32]
