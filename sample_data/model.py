"""The sample company as data: seeded lines of Northwind Analytics Ltd from the hand-written
truth of sample_data.universe (see sample_data.generate for the files written from them).

Business rule: every line comes from a vendor x department "stream" whose truth gives is_tech /
layer / it_owned, so the sample's true shares are known. Worked example: HubSpot's stream
"MKT card m 700-900" yields ~21 monthly card lines of about $1,000 paid by Marketing: technology,
SoE, not IT-owned (shadow IT). Same seed -> the same lines (stdlib random only).
"""

import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sample_data.universe import (
    CARD_MEMOS,
    CATEGORY_ACCOUNT,
    DEPARTMENTS,
    DEPT_OPEX_ACCOUNT,
    DESCRIPTIONS,
    GENERAL_EXPENSES,
    TECH_CATEGORIES,
    VENDORS,
    Vendor,
    truth,
)

COMPANY = "Northwind Analytics Ltd"
DEFAULT_SEED = 2026
PERIOD_START = date(2025, 1, 1)
PERIOD_END = date(2026, 9, 30)
MISSING_FX = None  # no (currency, month) is left out of fx_rates.csv: a fresh install opens with no
# warning about its own sample data (the missing-rate path is tested on tests/data fixtures)

CENT = Decimal("0.01")
USAGE_CATEGORIES = {"CLOUD", "TEL", "ADV", "STAFF", "UTIL", "CONSULT", "LEGAL", "FM", "COURIER",
                    "CATER", "ITS", "LOGISTICS", "FUEL"}
NO_VAT_CATEGORIES = {"INS", "MEMB", "BENEFITS"}
SITE_CATEGORIES = {"RENT", "UTIL", "FM", "CLEAN", "CATER"}
_FIRST = ["Olivia", "James", "Amelia", "Noah", "Isla", "Leo", "Ava", "Oscar", "Mia", "Arthur",
          "Grace", "Harry", "Freya", "Jack", "Lily", "George", "Sofia", "Theo", "Priya", "Mohammed",
          "Chloe", "Daniel", "Aisha", "Tom", "Hannah", "Ravi", "Emma", "Lucas", "Zara", "Ben"]
_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
         "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
         "Khan", "Lewis", "Clarke", "Jackson", "Wood", "Harris", "Martin", "Cooper", "Hill", "Ward"]


# --------------------------------------------------------------------------------------------
# The line model
# --------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One generated ledger line with its truth (before it is shaped into a file row)."""

    date: date
    vendor: Vendor
    vendor_name: str          # as written on the statement / invoice
    dept_key: str
    dept_name: str            # as written
    channel: str              # gl | ap | card
    amount: Decimal           # signed, in `currency`
    currency: str
    value_gbp: Decimal        # signed, GBP at the month's rate (for measuring and budgets)
    account_code: str
    account_name: str
    description: str
    kind: str = "charge"      # charge | credit | accrual | reversal
    cardholder: str = ""
    memo: str = ""
    post_date: date | None = None
    seq: int = 0              # creation order (stable tie-break)
    pair: int | None = None   # accrual seq a reversal undoes
    ref: str = ""             # journal no / invoice no, filled by the writer

    @property
    def truth(self) -> tuple[bool, str | None, bool]:
        return truth(self.vendor, self.dept_key)


@dataclass
class Company:
    lines: list[Line]
    fx: dict[tuple[str, str], Decimal]  # (currency, "YYYY-MM") -> GBP per unit (complete)
    seed: int
    names: str


def _months(start: str, end: str) -> list[tuple[int, int]]:
    y, m = (int(x) for x in start.split("-"))
    ey, em = (int(x) for x in end.split("-"))
    out = []
    while (y, m) <= (ey, em):
        if date(y, m, 1) >= PERIOD_START.replace(day=1) and date(y, m, 1) <= PERIOD_END:
            out.append((y, m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def _mkey(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _money(x: float) -> Decimal:
    return Decimal(repr(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def _loguniform(rng: random.Random, lo: float, hi: float) -> float:
    if lo == hi:
        return lo
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _fx_table(rng: random.Random) -> dict[tuple[str, str], Decimal]:
    """Monthly GBP-per-unit rates: a gentle random walk around 0.79 (USD) and 0.85 (EUR)."""
    fx: dict[tuple[str, str], Decimal] = {}
    usd, eur = 0.79, 0.85
    for y, m in _months("2025-01", "2026-09"):
        usd = min(0.83, max(0.74, usd + rng.uniform(-0.008, 0.008)))
        eur = min(0.89, max(0.82, eur + rng.uniform(-0.006, 0.006)))
        fx[("USD", f"{y:04d}-{m:02d}")] = Decimal(f"{usd:.4f}")
        fx[("EUR", f"{y:04d}-{m:02d}")] = Decimal(f"{eur:.4f}")
    return fx


def _pick_name(names: tuple[str, ...], channel: str, rng: random.Random) -> list[str]:
    """Names usable on `channel`, preferred first. Card channels prefer card descriptors."""
    card = [n[5:] for n in names if n.startswith("card:")]
    invoice = [n for n in names if not n.startswith("card:")]
    if channel == "card":
        pool = card or [n.upper() for n in invoice]
    else:
        pool = invoice or card
    pool = list(pool)
    rng.shuffle(pool)
    return pool


def _cardholders(rng: random.Random) -> dict[str, list[str]]:
    holders: dict[str, list[str]] = {}
    used: set[str] = set()
    for key in DEPARTMENTS:
        holders[key] = []
        for _ in range(rng.randint(2, 4)):
            while True:
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
                if name not in used:
                    used.add(name)
                    break
            holders[key].append(name)
    return holders


def generate_company(seed: int = DEFAULT_SEED, *, names: str = "sample",
                     density: float = 1.0) -> Company:
    """Every line of the company, in memory, with its truth.

    names: "sample" (the sample company's vendor and department spellings) or "labelled" (the
    accuracy ledger's: other vendor variants, department names drifting in case and spacing).
    density: share of monthly lines and ad-hoc lines kept (1.0 = the full company).
    """
    rng = random.Random(seed)
    fx = _fx_table(rng)
    holders = _cardholders(rng)
    lines: list[Line] = []

    def gbp_to(value: float, currency: str, d: date) -> Decimal:
        if currency == "GBP":
            return _money(value)
        return _money(value / float(fx[(currency, _mkey(d))]))

    for vendor in VENDORS:
        vnames = vendor.sample if names == "sample" else vendor.labelled
        for stream in vendor.streams.split(";"):
            dept_key, channel, cadence, span, *times = stream.split()
            per_bill = int(times[0][1:]) if times else 1
            lo, hi = (float(x) for x in span.split("-"))
            dept = DEPARTMENTS[dept_key]
            dept_names = (dept.name,) if names == "sample" else dept.labelled_names
            currency = vendor.card_currency if channel == "card" else vendor.currency
            pool = _pick_name(vnames, channel, rng)
            preferred = pool[0]
            holder = rng.choice(holders[dept_key])
            months = _months(vendor.start, vendor.end)
            if not months:
                continue
            # account: tech bought outside IT is often booked to the buyer's own budget line
            code, acct, _mcc = CATEGORY_ACCOUNT[vendor.category]
            if vendor.category in TECH_CATEGORIES and not dept.is_it and rng.random() < 0.45:
                code, acct = DEPT_OPEX_ACCOUNT.get(dept_key, GENERAL_EXPENSES)
            templates = vendor.desc or DESCRIPTIONS[vendor.category]
            billing_day = rng.randint(1, 28)
            base = _loguniform(rng, lo, hi)
            usage = vendor.category in USAGE_CATEGORIES and lo != hi

            dates_values: list[tuple[date, float]] = []
            if cadence == "w":
                first = date(*months[0], 1)
                d = first + timedelta(days=rng.randint(0, 6))
                while d <= PERIOD_END and (d.year, d.month) <= months[-1]:
                    if density >= 1.0 or rng.random() <= density:
                        v = base * (1 + rng.uniform(-0.25, 0.25)) if usage else base
                        dates_values.append((d, v))
                    d += timedelta(days=7)
            elif cadence == "m":
                for y, m in months:
                    if density < 1.0 and rng.random() > density:
                        continue
                    v = base * (1 + rng.uniform(-0.25, 0.25)) if usage else base
                    dates_values.append((date(y, m, billing_day), v))
            elif cadence == "q":
                for y, m in months:
                    if m % 3 == 1:
                        v = base * (1 + rng.uniform(-0.2, 0.2)) if usage else base
                        dates_values.append((date(y, m, billing_day), v))
            elif cadence == "a":
                anniversary = rng.randint(1, 12)
                for y, m in months:
                    if m == anniversary:
                        dates_values.append((date(y, m, billing_day), base))
            else:
                expected = int(cadence) * len(months) / 12 * density
                count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
                for _ in range(count):
                    y, m = rng.choice(months)
                    dates_values.append((date(y, m, rng.randint(1, 28)), _loguniform(rng, lo, hi)))

            if per_bill > 1:  # one bill split over sites / meters / linked accounts
                part = "site" if vendor.category in SITE_CATEGORIES else "account"
                dates_values = [(d, v * rng.uniform(0.6, 1.4), f" - {part} {k}")
                                for d, v in dates_values for k in range(1, per_bill + 1)]
            else:
                dates_values = [(d, v, "") for d, v in dates_values]
            for d, value, suffix in sorted(dates_values, key=lambda t: (t[0], t[2])):
                if vendor.category == "SW" and d.year == 2026 and not usage:
                    value *= 1.05  # annual price uplift
                name = preferred if rng.random() < 0.85 else rng.choice(pool)
                if channel == "card" and rng.random() < 0.2 and not name[-1:].isdigit():
                    name = f"{name} {rng.randint(100, 9999):04d}"  # store number / trailing ref
                mon = d.strftime("%b %Y")
                desc = rng.choice(templates).format(v=vendor.key, mon=mon, day=d.isoformat()) + suffix
                memos = CARD_MEMOS.get(vendor.category, ("",))
                lines.append(Line(
                    date=d, vendor=vendor, vendor_name=name, dept_key=dept_key,
                    dept_name=rng.choice(dept_names), channel=channel,
                    amount=gbp_to(value, currency, d), currency=currency,
                    value_gbp=_money(value), account_code=code, account_name=acct,
                    description=desc, cardholder=holder, memo=rng.choice(memos),
                    post_date=d + timedelta(days=rng.randint(1, 3)) if channel == "card" else None,
                    seq=len(lines),
                ))

    lines.extend(_adjustments(lines, rng))
    lines = [ln for ln in lines if PERIOD_START <= ln.date <= PERIOD_END]
    for ln in lines:  # a card posting date never runs past the export's period end
        if ln.post_date and ln.post_date > PERIOD_END:
            ln.post_date = PERIOD_END
    return Company(lines=lines, fx=fx, seed=seed, names=names)


def _adjustments(lines: list[Line], rng: random.Random) -> list[Line]:
    """Credits and refunds, and GL month-end accruals with their reversals."""
    extra: list[Line] = []
    n = len(lines)
    for ln in list(lines):
        r = rng.random()
        if ln.channel == "card" and r < 0.03 and ln.amount >= 10:
            share = 1.0 if rng.random() < 0.5 else rng.uniform(0.2, 0.8)
            d = ln.date + timedelta(days=rng.randint(3, 20))
            extra.append(replace(ln, date=d, post_date=d + timedelta(days=rng.randint(1, 3)),
                                 amount=-_money(float(ln.amount) * share),
                                 value_gbp=-_money(float(ln.value_gbp) * share),
                                 memo="Refund", kind="credit", seq=n + len(extra)))
        elif ln.channel in ("ap", "gl") and r < 0.02:
            share = rng.uniform(0.1, 0.6)
            d = ln.date + timedelta(days=rng.randint(5, 40))
            extra.append(replace(ln, date=d, amount=-_money(float(ln.amount) * share),
                                 value_gbp=-_money(float(ln.value_gbp) * share),
                                 description=f"Credit note - {ln.description}", kind="credit",
                                 seq=n + len(extra)))
        elif (ln.channel == "gl" and ln.dept_key in ("ITI", "FAC", "DT", "IT")
              and ln.kind == "charge" and 0.02 <= r < 0.14
              and ln.date.replace(day=1) > PERIOD_START):
            month_end = ln.date.replace(day=1) - timedelta(days=1)
            accrual = replace(ln, date=month_end, description=f"Accrual - {ln.description}",
                              kind="accrual", seq=n + len(extra))
            extra.append(accrual)
            extra.append(replace(ln, date=month_end + timedelta(days=1), amount=-ln.amount,
                                 value_gbp=-ln.value_gbp, description="Reversal of accrual",
                                 kind="reversal", pair=accrual.seq, seq=n + len(extra)))
    return extra

