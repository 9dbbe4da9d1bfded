"""What IT units and customer-facing units are called: the default flags of a unit from its name.

Business rule: a unit is IT by default when its name says what IT units do (applications
support, networks, desktop, telephony, radio systems, data centre, GIS, service desk, digital
services, ICT, informatique, Informatik...: models/catalog/it_units.csv, kind `it`, each with an
`unless` context); `likely_it` rows only feed suggestions a person confirms. A unit is
customer-facing by default when its name is Marketing, Sales, Customer Service, E-commerce,
Communications... and it is not IT.

Worked example::

    default_flags("DIGITAL MARKETING")            -> is_it False, customer_facing True
    default_flags("APPLICATIONS SUPPORT").is_it   -> True  (default pattern: applications support)
    default_flags("MEDICAL TECHNOLOGY").is_it     -> False ('Medical' qualifies it)
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from db import TechspendError

IT_UNITS_FILE = Path(__file__).parent / "catalog" / "it_units.csv"

_CUSTOMER_FACING_PATTERNS: list[tuple[str, str]] = [
    (r"\bMARKETING\b", "Marketing"),
    (r"\bSALES\b", "Sales"),
    (r"\bCUSTOMERS?\b|\bCLIENT (?:SERVICES|SUCCESS|EXPERIENCE|RELATIONS)\b", "Customer service"),
    (r"\bE ?COMMERCE\b|\bONLINE (?:SALES|STORE|SHOP)\b|\bWEB ?SHOP\b", "E-commerce"),
    (r"\bCOMMUNICATIONS?\b|\bCOMMS\b|\bPUBLIC RELATIONS\b|\bPR\b|\bPRESS OFFICE\b",
     "Communications"),
    (r"\bBUSINESS DEVELOPMENT\b|\bBIZ ?DEV\b|\bPARTNERSHIPS\b", "Business development"),
    (r"\bBRAND(?:ING)?\b|\bADVERTISING\b|\bEVENTS\b|\bGROWTH\b", "Brand & events"),
    (r"\bCONTACT CENT(?:RE|ER)\b|\bCALL CENT(?:RE|ER)\b|\bACCOUNT MANAGEMENT\b", "Contact centre"),
    (r"\bRETAIL\b|\bSTORES\b|\bMERCHANDISING\b", "Retail"),
    # the same units in other languages (names are folded to upper case without accents)
    (r"\bVERTRIEB\b|\bVERKAUF\b|\bVENTES?\b|\bVENTAS\b|\bVENDITE\b|\bVENDAS\b|\bVERKOOP\b"
     r"|\bFORSALJNING\b|\bSALJ\b|\bSALG\b|\bSPRZEDAZ\b|\bPRODEJ\b|\bCOMERCIAL\b"
     r"|\bCOMMERCIALE\b|\bDIRECTION COMMERCIALE\b|\bSERVICE COMMERCIAL\b", "Sales"),
    (r"\bKUNDEN ?(?:SERVICE|DIENST|BETREUUNG)\b|\bKUNDENSERVICE\b|\bKUNDENDIENST\b"
     r"|\bSERVICE CLIENTS?\b|\bRELATION CLIENTS?\b|\bATENCION AL CLIENTE\b|\bASSISTENZA CLIENTI\b"
     r"|\bATENDIMENTO\b|\bKLANTENSERVICE\b|\bKUNDTJANST\b|\bKUNDESERVICE\b|\bKUNDESENTER\b"
     r"|\bOBS ?L?UG[AI] KLIENTA\b", "Customer service"),   # Polish ł is a space in the key
    # Dutch klantcontactcentrum / publiekszaken / burgerzaken (the town hall's front desk),
    # Nordic e-handel / nettbutikk, Portuguese gabinete do cidadão / utente, Spanish atención
    # ciudadana: units that serve the public directly
    (r"\bKLANTCONTACT\w*|\bKCC\b|\bPUBLIEKSZAKEN\b|\bBURGERZAKEN\b|\bE ?HANDEL\b"
     r"|\bNETTBUTIKK\b|\bGABINETE DO (?:CIDADAO|UTENTE)\b|\bATENCION CIUDADANA\b"
     r"|\bMUSTERI (?:HIZMETLERI|ILISKILERI|DENEYIMI)\b|\bCAGRI MERKEZI\b", "Customer service"),
    (r"\bSATIS\b|\bPAZARLAMA\b", "Sales"),
    (r"\bCOMMUNICATIE\b|\bKOMMUNIKATION\b|\bKOMMUNIKASJON\b|\bCOMUNICACAO\b|\bCOMUNICACION\b"
     r"|\bKURUMSAL ILETISIM\b",
     "Communications"),
    (r"\bMARKETINGU\b|\bMERCADOTECNIA\b|\bMARKEDSFORING\b|\bMARKNAD(?:SFORING)?\b", "Marketing"),
    # Italian comunicazione / ufficio stampa / URP, German Öffentlichkeitsarbeit / Pressestelle,
    # Polish komunikacja / promocja; units at the public's counter: Spanish participación
    # ciudadana, German Bürgerbüro / Bürgerservice, Polish biuro obsługi mieszkańców, French
    # relation(s) usagers, Italian sportello al cittadino
    (r"\bCOMUNICAZIONE\b|\bUFFICIO STAMPA\b|\bRELAZIONI CON IL PUBBLICO\b|\bURP\b"
     r"|\bOFFENTLICHKEITSARBEIT\b|\bOEFFENTLICHKEITSARBEIT\b|\bPRESSESTELLE\b|\bKOMUNIKACJI\b"
     r"|\bKOMUNIKACJA\b|\bPROMOCJI\b", "Communications"),
    (r"\bPARTICIPACION CIUDADANA\b|\bBURGERBURO\b|\bBUERGERBUERO\b|\bBURGERSERVICE\b"
     r"|\bBIURO OBS ?L?UGI (?:MIESZKANCOW|KLIENTA|INTERESANTOW)\b|\bRELATIONS? (?:AUX )?USAGERS\b"
     r"|\bSPORTELLO (?:AL )?CITTADINO\b", "Customer service"),
    # Japanese and Korean (no word boundaries in these scripts; names as fold_key reads them, so
    # マーケティング is マーケティンク): 営業 / 販売 / 영업 / 판매 (sales), マーケティング / 마케팅,
    # 広報 / 宣伝 / 홍보 (PR), カスタマー / お客様 / 顧客 / 고객 / コールセンター / 콜센터
    (r"営業|販売|セールス|영업|판매|세일즈", "Sales"),
    (r"マーケティンク|마케팅", "Marketing"),
    (r"広報|宣伝|홍보", "Communications"),
    (r"カスタマー|お客様|顧客|コールセンター|고객|콜센터", "Customer service"),
]
_CF_COMPILED = [(re.compile(p), why) for p, why in _CUSTOMER_FACING_PATTERNS]
# an explicit IT name keeps a unit IT even when it also names a customer-facing word
_EXPLICIT_IT = re.compile(r"\b(?:IT|ICT|INFORMATION (?:AND )?(?:COMMUNICATIONS? )?TECHNOLOGY)\b")


@dataclass(frozen=True)
class UnitPattern:
    pattern: re.Pattern
    kind: str            # 'it' | 'likely_it'
    unless: re.Pattern | None
    notes: str


@lru_cache(maxsize=4)
def it_vocabulary(path: Path = IT_UNITS_FILE) -> tuple[UnitPattern, ...]:
    """The rows of it_units.csv, compiled. Raises TechspendError naming the row of a bad regex."""
    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            try:
                unless = row.get("unless") or ""
                out.append(UnitPattern(re.compile(row["pattern"]), row["kind"],
                                       re.compile(unless) if unless else None,
                                       row.get("notes") or ""))
            except (re.error, KeyError) as exc:
                raise TechspendError(f"{path.name} row {n}: not a usable pattern ({exc}).") from exc
            if row["kind"] not in {"it", "likely_it"}:
                raise TechspendError(f"{path.name} row {n}: kind must be it or likely_it.")
    return tuple(out)


def fold_key(name: str | None) -> str:
    """A unit name as the vocabulary reads it: accents folded, upper case, & -> AND, every run of
    other characters -> one space ('Systèmes d'information' -> 'SYSTEMES D INFORMATION')."""
    text = unicodedata.normalize("NFKD", name if isinstance(name, str) else "")
    text = unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c))).upper()
    # a name wholly in another script ('ΔΙΕΥΘΥΝΣΗ ΠΛΗΡΟΦΟΡΙΚΗΣ', '情報システム部') keeps its letters,
    # as the SQL department_key does (migration 018)
    return (" ".join(re.sub(r"[^A-Z0-9]+", " ", text.replace("&", " AND ")).split())
            or " ".join(re.sub(r"[\W_]+", " ", text).split()))


def compact_key(key: str | None) -> str:
    """The key without spaces: spelling variants ('IT NETWORK' / 'ITNETWORK') share it."""
    return (key or "").replace(" ", "")


def vocabulary_match(name: str | None, kind: str = "it") -> str:
    """The note of the first vocabulary row of `kind` that names the unit, else ''."""
    key = fold_key(name)
    for row in it_vocabulary():
        if row.kind == kind and row.pattern.search(key) and not (
                row.unless and row.unless.search(key)):
            return row.notes
    return ""


@dataclass(frozen=True)
class DepartmentDefaults:
    is_it: bool
    it_reason: str
    customer_facing: bool
    cf_reason: str


def default_flags(key: str | None, name: str | None = None) -> DepartmentDefaults:
    """The default IT / customer-facing flags of a unit, from its name (or key)."""
    folded = fold_key(name or key)
    cf_reason = next((why for rx, why in _CF_COMPILED if rx.search(folded)), "")
    it_reason = vocabulary_match(folded, "it")
    # 'Marketing Technology', 'Digital Marketing': the customer-facing function owns it; only an
    # explicit IT name ('IT Sales Support') stays IT.
    if it_reason and cf_reason and not _EXPLICIT_IT.search(folded):
        it_reason = ""
    return DepartmentDefaults(
        is_it=bool(it_reason),
        it_reason=f"default pattern: {it_reason}" if it_reason else "default: no IT pattern",
        customer_facing=bool(cf_reason) and not it_reason,
        cf_reason=f"default pattern: {cf_reason}" if cf_reason else "default: not customer-facing",
    )
