"""Vendor strings as written -> a clean vendor key.

Business rule: the same supplier is spelled a dozen ways across a GL, an AP register and a card
feed. Before any matching, each DISTINCT raw string is reduced to a key:

* Unicode folded to ASCII, upper case;
* payment-processor prefixes that only say who took the card are dropped
  (``SQ *``, ``PAYPAL *``, ``TST*``, ``SP *``, ``IZ *``, ``SUMUP *``, ``STRIPE*``, ``FS *``...);
* brand prefixes that carry the product line are expanded, never dropped, so product lines stay
  apart: ``GOOGLE *ADS123`` -> ``GOOGLE ADS``, ``GOOGLE *GSUITE`` -> ``GOOGLE GSUITE``,
  ``MSFT *AZURE`` -> ``MICROSOFT AZURE``, ``AMZN Mktp US*2K3L`` -> ``AMAZON MARKETPLACE``,
  ``FACEBK *Q2W3E`` -> ``FACEBOOK``, ``LNKD*`` -> ``LINKEDIN``;
* domains keep their name (``zoom.us`` -> ``ZOOM``, ``www.atlassian.com`` -> ``ATLASSIAN``);
* phone numbers, store numbers (``#0423``, ``STORE 12``) and trailing reference numbers
  (``1234567``, ``2K3L4M``) are dropped;
* punctuation becomes a space, spaces collapse;
* a trading name identifies the supplier: ``SSS Public Safety Ltd T/A NECSWS`` -> ``NECSWS``
  (``T/A``, ``T/AS``, ``TRADING AS``, ``DBA``; the legal entity before it is dropped);
* words after an unambiguous legal form are dropped (``SOPHOS LIMITED ABINGDON`` -> ``SOPHOS``);
* trailing legal forms of every market are dropped, however they are punctuated or spaced
  (``LEGAL_FORMS``): US/UK ``Inc``, ``LLC``, ``Ltd``, ``plc``, ``LLP``; German ``GmbH``,
  ``GmbH & Co. KG``, ``AG``, ``e.V.``; Nordic ``A/S``, ``ApS``, ``AB (publ)``, ``AS``, ``ASA``,
  ``Oy``, ``Oyj``; French/Iberian/Italian ``S.A.``, ``SAS``, ``SARL``, ``S.L.``, ``S.p.A.``,
  ``S.r.l.``, ``Lda``; Benelux ``B.V.``, ``N.V.``, ``BVBA``; Central/Eastern European
  ``Sp. z o.o.``, ``s.r.o.``, ``a.s.``, ``Kft.``, ``d.o.o.``; ``Pty Ltd``, ``Pte Ltd``,
  ``Sdn Bhd``, ``K.K.``; LatAm ``Ltda``, ``S/A``, ``EIRELI``, ``- ME``, ``EPP``,
  ``S.A. de C.V.``. A form is only ever a whole trailing word sequence and never the whole name:
  ``SA`` inside ``SAMSUNG`` or ``VISA`` stays, and ``GMBH`` alone stays ``GMBH``. Trailing region
  qualifiers (UK, US, EU, EMEA, IRELAND...) are dropped too.

Worked example::

    vendor_key("SQ *SLACK TECHNOLOGIES, LLC 415-555-0100")   -> "SLACK TECHNOLOGIES"
    vendor_key("Amazon Web Services EMEA SARL")               -> "AMAZON WEB SERVICES"
    vendor_key("GOOGLE *ADS7345512")                          -> "GOOGLE ADS"
    vendor_key("TOTVS S/A")                                   -> "TOTVS"
    vendor_key("Acme Polska Sp. z o.o.")                      -> "ACME POLSKA"
    vendor_key("Müller Systemhaus GmbH & Co. KG")              -> "MULLER SYSTEMHAUS"

`basic_key` is the simpler normalisation the catalog's alias column is written in (upper case,
punctuation -> space, the legal suffixes removed, spaces collapsed); matching tries both.
Runs once per distinct raw vendor string (thousands), never per ledger line.
"""

from __future__ import annotations

import re
import unicodedata

from models.descriptors import DESCRIPTOR_WORDS, is_descriptor, tidy_name  # noqa: F401 (re-exported)

# Legal suffixes agreed with the catalog authors (basic key) ...
AGREED_LEGAL_SUFFIXES = frozenset(
    "INC LLC LTD LIMITED PLC GMBH SARL BV PTY CORP CORPORATION CO AG SA".split()
)
# ... plus others seen on European and US statements (full key only).
EXTRA_LEGAL_SUFFIXES = frozenset(
    "LLP LP PLLC SE NV AB AS OY SPA SRL SAS KK INCORPORATED COMPANY PTE BHD ULC GMBH&CO".split()
)
LEGAL_SUFFIXES = AGREED_LEGAL_SUFFIXES | EXTRA_LEGAL_SUFFIXES

# Legal forms by market, as their words read once punctuation is a space ('S.p.A.' -> 'S P A',
# 'A/S' -> 'A S', 'Sp. z o.o.' -> 'SP Z O O'). Each is stripped only as whole trailing words.
# Not here on purpose: forms that are also ordinary trailing words of names or descriptors
# (Bulgarian AD 'GOOGLE AD', Greek AE, Hungarian Bt 'BT', US PC/PA, Danish I/S, K/S, P/S).
# one entry per line of whole forms: split the text into forms by the known multi-word forms first
_MULTI_WORD_FORMS = [
    "L L C", "L L P", "P L C", "L P", "E V", "E K", "G M B H", "GES M B H", "A G", "K G", "S E",
    "A S", "AB PUBL", "OY AB", "S A", "S A S", "S A S U", "S A R L", "S N C", "S L", "S L U",
    "S A U", "UNIPESSOAL LDA", "S P A", "S R L", "S R L S", "B V", "N V", "V O F", "C V",
    "SP Z O O", "SP Z OO", "SP ZOO", "SP J", "SP K", "S R O", "SPOL S R O", "D O O", "D D",
    "PTY LTD", "P L", "PTE LTD", "SDN BHD", "PVT LTD", "PRIVATE LIMITED", "K K",
    "KABUSHIKI KAISHA", "LTDA ME", "LTDA EPP", "EIRELI ME", "EIRELI EPP", "S A C", "S A A",
    "E I R L", "SA DE CV", "S A DE C V", "SAB DE CV", "S A B DE C V", "SAPI DE CV",
    "S A P I DE C V", "S DE RL", "S DE R L", "S DE RL DE CV", "S DE R L DE C V",
    # Greek forms in Greek letters (Α.Ε., Μ.Α.Ε., Ε.Π.Ε., Ι.Κ.Ε., Ο.Ε., Α.Β.Ε.Ε.): no Latin word
    # reads like them, unlike the Latin 'AE' above
    "Α Ε", "Μ Α Ε", "Α Β Ε Ε", "Α Ε Β Ε", "Ε Π Ε", "Ι Κ Ε", "Ο Ε", "Ε Ε", "Μ Ε Π Ε",
]
_SINGLE_WORD_FORMS = frozenset(
    "INC INCORPORATED LLC LTD LIMITED PLC LLP LP PLLC CORP CORPORATION CO COMPANY ULC CIC DAC CLG "
    "UNLIMITED TEORANTA GMBH MBH GGMBH AG KG KGAA OHG GBR UG SE APS AB AS ASA OY OYJ PUBL IVS NUF "
    "EHF SA SAS SASU SARL EURL SNC SCA SPRL BVBA CVBA SCRL SL SLU SAU LDA SPA SRL SRLS SAPA SCARL "
    "BV NV VOF SPZOO SRO KFT ZRT NYRT DOO SIA UAB OU PTY PTE BHD PVT KK LTEE LTDA EIRELI SAC SAA "
    "EIRL GMBH&CO ΑΕ ΜΑΕ ΕΠΕ ΙΚΕ ΑΒΕΕ".split()
) | LEGAL_SUFFIXES
# longest first, so 'S A DE C V' is taken whole before 'S A' could be
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(sorted(
    {tuple(f.split()) for f in _MULTI_WORD_FORMS} | {(w,) for w in _SINGLE_WORD_FORMS},
    key=lambda form: (-len(form), form)))
# the forms by their last word, each list in LEGAL_FORMS order: only the forms that end with a
# name's last word can match it (strip_legal_forms runs once per distinct vendor spelling)
_FORMS_BY_LAST_WORD: dict[str, tuple[tuple[str, ...], ...]] = {}
for _form in LEGAL_FORMS:
    _FORMS_BY_LAST_WORD[_form[-1]] = _FORMS_BY_LAST_WORD.get(_form[-1], ()) + (_form,)
# Brazilian micro-enterprise markers are only legal forms after a dash or another legal form
# ('PADARIA SILVA - ME', 'SILVA LTDA ME'); 'CALL ME' keeps its ME
# 'X Ltd T/A Y', 'X trading as Y', 'X DBA Y': the name the supplier trades under comes last
_TRADING_AS = re.compile(r"^\S.*?\s(?:T/A|T/AS|TRADING AS|D/B/A|DBA)\s+(?=\S)")
_BR_MICRO_SUFFIX = re.compile(r"\s+[-\u2013]\s*(?:ME|EPP|MEI)\.?\s*$")

REGION_QUALIFIERS = frozenset(
    "UK US USA EU EMEA IRELAND EUROPE GB IE NL DE LUX LUXEMBOURG APAC NA".split()
)

# Intermediaries: the merchant's own name follows the prefix.
_PROCESSOR_PREFIX = re.compile(
    r"^(?:SQ|SQU|SP|TST|PP|PAYPAL|PYPL|IZ|ZTL|SUMUP|STRIPE|CKO|FS|PADDLE(?:\.NET)?|2CO(?:\.COM)?"
    r"|DNH|WPY|BLS|IN|CHECKOUT(?:\.COM)?|PY|EC|SMP|GRAB)\s*\*+\s*"
)
# Brands whose prefix carries the product line: expand and keep the rest.
_BRAND_PREFIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^AMZN\s*MKTP\b.*$|^AMAZON\s*(?:MKTP|MKTPL|MKTPLACE|MARKETPLACE)\b.*$"),
     "AMAZON MARKETPLACE"),
    (re.compile(r"^AMZN\b\s*\*?\s*"), "AMAZON "),
    (re.compile(r"^GOOGLE\s*\*+\s*"), "GOOGLE "),
    (re.compile(r"^MSFT\b\s*\*?\s*|^MICROSOFT\s*\*+\s*"), "MICROSOFT "),
    (re.compile(r"^FACEBK\b\s*\*?\s*|^FB\s*\*+\s*"), "FACEBOOK "),
    (re.compile(r"^LNKD(?:\.IN)?\b\s*\*?\s*|^LINKEDIN\s*\*+\s*"), "LINKEDIN "),
    (re.compile(r"^APL\s*\*\s*|^APPLE\s*\*+\s*"), "APPLE "),
    (re.compile(r"^ADOBE\s*\*+\s*"), "ADOBE "),
]

_ANY_DIGIT = re.compile(r"\d")
# every brand pattern above starts with one of these letters (checked by tests/models/test_normalise)
_BRAND_FIRST_LETTERS = ("A", "G", "M", "F", "L")
# a phone number, and the US state code card feeds print after it ('888-799-9666 CA')
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{7,}\d(?![\w])(?:\s+[A-Z]{2}\s*$)?")
# a store or unit number AFTER the name ("TESCO STORE 2345", "ACME #12"); never the name's own
# first word: "Unit 4 Business Software Ltd" is Unit4, "No 1 Ltd" a company called No 1
# (a one- or two-digit number glued to a name is the name's own: Data#3, not store 3)
_STORE_NUMBER = re.compile(r"(?<!\w)#\s*[A-Z]?\d+|#\s*[A-Z]?\d{3,}"
                           r"|(?<=\S)\s+(?:STORE|STR|NO|NUM|UNIT|BRANCH|LOC)\.?\s*#?\s*\d+\b")
_DOMAIN = re.compile(
    r"\b(?:HTTPS?://)?(?:WWW\.)?([A-Z0-9][A-Z0-9-]*)"
    r"((?:\.[A-Z0-9-]+)*)\.(?:COM|NET|ORG|IO|CO|US|AI|APP|DEV|CLOUD|UK|DE|FR|EU|CA|AU|ME|LY|TV|INFO|BIZ)"
    r"(?:\.[A-Z]{2})?\b(?:/\S*)?"
)
_GLUED_REFERENCE = re.compile(r"\b([A-Z]{2,})(\d{4,})\b")  # ADS1234567 -> ADS 1234567
_PUNCTUATION = re.compile(r"[^A-Z0-9]+")
_TLD_TOKENS = frozenset({"COM", "NET", "ORG", "WWW", "IO", "AI"})
# unambiguous legal forms: whatever follows them on a card line is a city or a reference
_CUT_AFTER_SUFFIXES = frozenset(
    "INC LLC LTD LIMITED PLC GMBH SARL PTY CORP CORPORATION LLP INCORPORATED LTDA EIRELI".split()
)


def _fold(text: str) -> str:
    """Upper-case ASCII: accents dropped (Société -> SOCIETE)."""
    if text.isascii():  # most names: nothing to decompose
        return text.upper()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _strip_suffixes(tokens: list[str], suffixes: frozenset[str]) -> list[str]:
    # never the place a name is "of": 'BANK OF IRELAND', 'UNIVERSITY OF LUXEMBOURG'
    while len(tokens) > 1 and tokens[-1] in suffixes and tokens[-2] not in _NAME_OF:
        tokens.pop()
    return tokens


_NAME_OF = frozenset({"OF", "DE", "DU", "DES", "DI", "DEL", "DA", "DO", "VAN", "VON", "FOR"})


def strip_legal_forms(tokens: list[str]) -> list[str]:
    """Drop trailing legal forms (LEGAL_FORMS, longest first), never the whole name.

    >>> strip_legal_forms("ACME POLSKA SP Z O O".split())
    ['ACME', 'POLSKA']
    >>> strip_legal_forms("MESA SA".split())
    ['MESA']
    """
    tokens = list(tokens)
    changed = True
    while changed and tokens:
        changed = False
        for form in _FORMS_BY_LAST_WORD.get(tokens[-1], ()):
            n = len(form)
            if len(tokens) > n and tuple(tokens[-n:]) == form:
                del tokens[-n:]
                changed = True
                break
    return tokens


def basic_key(raw: str | None) -> str | None:
    """The agreed catalog normalisation: upper, punctuation -> space, legal suffixes, collapse.

    >>> basic_key("Salesforce.com, Inc.")
    'SALESFORCE COM'
    """
    if raw is None:
        return None
    tokens = _PUNCTUATION.sub(" ", _fold(raw)).split()
    tokens = _strip_suffixes(tokens, AGREED_LEGAL_SUFFIXES)
    return " ".join(tokens) or None


_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# places a bracket may name after a supplier ('Microsoft (Malaysia)'): not the catalog's own
# qualifiers ('Abacus (expenses)')
_PLACE_WORDS = frozenset("""
    MALAYSIA INDONESIA PHILIPPINES THAILAND VIETNAM SINGAPORE INDIA CHINA JAPAN KOREA TAIWAN
    HONG KONG AUSTRALIA ZEALAND CANADA MEXICO BRAZIL BRASIL ARGENTINA CHILE COLOMBIA PERU
    SCHWEIZ SUISSE SWITZERLAND DEUTSCHLAND GERMANY AUSTRIA OSTERREICH FRANCE SPAIN ESPANA ITALY
    ITALIA PORTUGAL NETHERLANDS NEDERLAND BELGIUM IRELAND POLAND POLSKA CZECH HUNGARY ROMANIA
    SWEDEN SVERIGE NORWAY NORGE DENMARK DANMARK FINLAND SUOMI AFRICA SOUTH NORTH EAST WEST
    NIGERIA KENYA EGYPT SAUDI ARABIA EMIRATES UAE ISRAEL TURKEY GREECE UKRAINE SCOTLAND WALES
    ENGLAND BRITAIN GREAT INTERNATIONAL HOLDINGS GROUP
""".split())
_FORMERLY = frozenset("EX FORMERLY PREVIOUSLY FKA FORMERLY VORMALS ANCIENNEMENT ANTES".split())


def _drop_notes_in_brackets(text: str) -> str:
    """Brackets that only qualify a name go: a former name ('(ex Sendinblue)'), a trading name
    after the legal form ('P4 Sp. z o.o. (Play)'), a place or legal form ('Microsoft (Malaysia)
    Sdn Bhd', 'Vodacom (Pty) Ltd'). Brackets that tell two businesses apart stay: the
    catalog's 'Persona (identity verification)' and 'Majestic (SEO)' are not 'Persona Group'
    and 'Majestic No 1 Ltd'."""
    def replace(match: re.Match) -> str:
        words = _PUNCTUATION.sub(" ", match.group(1)).split()
        before = _PUNCTUATION.sub(" ", text[:match.start()]).split()
        if not before:
            return match.group(0)
        if (words and (words[0] in _FORMERLY or all(w in _PLACE_WORDS or w in REGION_QUALIFIERS
                                                    or w in LEGAL_SUFFIXES
                                                    or w in _SINGLE_WORD_FORMS for w in words)))\
                or strip_legal_forms(before) != before:
            return " "
        return match.group(0)
    return _PARENTHESIS.sub(replace, text)
# legal forms written BEFORE the name: Baltic, Finnish, Romanian, Indonesian, Russian/Ukrainian
# (in Latin letters); the short ones that are also words or initials (AS, PT, AB) only before
# two or more words ('AS Watson' stays)
_LEADING_FORMS = frozenset("UAB OY OYJ SIA OU SC OOO ZAO OAO PAO TOO TOV PRAT".split())
_LEADING_FORMS_BEFORE_TWO = frozenset("AS PT AB".split())


def _strip_leading_forms(tokens: list[str]) -> list[str]:
    if len(tokens) > 2 and tokens[0] == "S" and tokens[1] == "C":          # S.C. (Romania)
        return tokens[2:]
    if len(tokens) > 1 and tokens[0] in _LEADING_FORMS:
        return tokens[1:]
    if len(tokens) > 2 and tokens[0] in _LEADING_FORMS_BEFORE_TWO:
        return tokens[1:]
    return tokens


def _is_reference(token: str) -> bool:
    digits = sum(c.isdigit() for c in token)
    if token.isdigit():
        return len(token) >= 4
    return digits >= 2 and len(token) >= 4


# East Asian legal forms, written before or after the name and without spaces: 株式会社 (KK),
# 合同会社 (GK), 有限会社, 合資会社, 合名会社, 有限公司 (Ltd), 주식회사 (Co., Ltd.), 유한회사,
# 유한책임회사 (LLC), 합자회사, 합명회사 and their short forms (株) ㈱ (有) (同) (資) (名) (주) ㈜ (유)
_EAST_ASIAN_FORMS = re.compile(
    r"株式会社|合同会社|有限会社|合資会社|合名会社|[(（]\s*[株有同資名]\s*[)）]|㈱|㈲|股份有限公司"
    r"|有限責任公司|有限责任公司|有限公司|주식회사|유한책임회사|유한회사|합자회사|합명회사"
    r"|[(（]\s*[주유]\s*[)）]|㈜")
# Japanese bank and payment files write names in half-width katakana with the form abbreviated
# to one kana and a bracket: 'ｶ)ｻｸﾗｲﾝﾀｰﾈｯﾄ' (株式会社 first), 'ｻｸﾗｲﾝﾀｰﾈｯﾄ(ｶ' (after); ﾕ 有限会社,
# ﾄﾞ 合同会社; or spelled out (ｶﾌﾞｼｷｶﾞｲｼｬ). Read after NFKC, which makes the kana full-width.
_HALFWIDTH_KANA = re.compile(r"[\uff66-\uff9f]")
_KANA_FORMS = re.compile(
    r"^\s*[カユド]\s*[)）]|[(（]\s*[カユド]\s*[)）]?\s*$|[(（]\s*[カユド]\s*[)）]"
    r"|カブシキガイシ[ャヤ]|カブシキカイシ[ャヤ]|ユウゲンガイシ[ャヤ]|ユウゲンカイシ[ャヤ]|ゴウドウガイシ[ャヤ]")
_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def vendor_key(raw: str | None) -> str | None:
    """The full vendor key (see _latin_vendor_key); a name wholly in another script ('ΟΤΕ Α.Ε.',
    '日本マイクロソフト') keys to its own letters, upper case, punctuation as spaces, without a
    trailing legal form of that script ('ΟΤΕ Α.Ε.' -> 'ΟΤΕ'). East Asian
    legal forms are dropped first: 'KDDI株式会社' keys as 'KDDI', and a name that mixes scripts
    keys whole ('富士通Japan株式会社' -> '富士通JAPAN', never 'JAPAN'). Half-width katakana
    (bank files) is read full-width, its one-kana form dropped: 'ｶ)ｻｸﾗｲﾝﾀｰﾈｯﾄ' -> 'サクラインターネット'."""
    if raw and _HALFWIDTH_KANA.search(raw):
        raw = unicodedata.normalize("NFKC", raw)
        raw = _KANA_FORMS.sub(" ", raw).strip() or raw
    if raw and _EAST_ASIAN.search(raw):
        raw = _EAST_ASIAN_FORMS.sub(" ", raw).strip() or raw
        if _EAST_ASIAN.search(raw):
            return _script_key(raw)
    key = _latin_vendor_key(raw)
    if key is None and raw and any(c.isalnum() for c in raw):
        key = _script_key(raw)
        if key:   # a trailing legal form in that script: 'ΟΤΕ Α.Ε.' keys as 'ΟΤΕ'
            key = " ".join(strip_legal_forms(key.split()))
    return key


def _script_key(raw: str) -> str | None:
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFC", _fold(raw))).split()) or None


def _latin_vendor_key(raw: str | None) -> str | None:
    """The full vendor key (see module docstring). Idempotent: vendor_key(vendor_key(x)) == ...

    Returns None for a missing or blank vendor.
    """
    if raw is None:
        return None
    text = " ".join(_fold(raw).split())
    if not text:
        return None
    # each pattern runs only when the text has the character it needs (this runs once per
    # distinct spelling, a catalog's 12,000 aliases on a first load: most names skip them all)
    if "-" in text or "\u2013" in text:
        text = _BR_MICRO_SUFFIX.sub("", text) or text
    if "/" in text or " AS " in text or "DBA" in text:
        text = _TRADING_AS.sub("", text, count=1)
    fallback = basic_key(text)

    if "*" in text:
        for _ in range(2):  # 'PAYPAL *GOOGLE *ADS' needs two passes
            text = _PROCESSOR_PREFIX.sub("", text)
    expanded = False
    if text.startswith(_BRAND_FIRST_LETTERS):
        for pattern, replacement in _BRAND_PREFIXES:
            new = pattern.sub(replacement, text, count=1)
            if new != text:
                text, expanded = new, True
                break

    has_digit = _ANY_DIGIT.search(text) is not None  # the patterns below match \d only
    if has_digit:
        text = _PHONE.sub(" ", text)
    if "." in text:
        text = _DOMAIN.sub(lambda m: " " + (m.group(1) + (m.group(2) or "")).replace(".", " ") + " ",
                           text)
    if has_digit:
        text = _STORE_NUMBER.sub(" ", text)
        text = _GLUED_REFERENCE.sub(r"\1 \2", text)

    if "(" in text:   # 'P4 Sp. z o.o. (Play)', 'Brevo (ex Sendinblue)': a note, not the name
        text = _drop_notes_in_brackets(text)
    tokens = _PUNCTUATION.sub(" ", text).split()
    tokens = [t for i, t in enumerate(tokens) if not (i > 0 and t in _TLD_TOKENS)]
    # 'SLACK T03ABC9D WWW.SLACK.COM': a reference of letters and digits inside a card descriptor,
    # and the domain repeating the name
    if has_digit and len(tokens) > 2:
        tokens = [t for i, t in enumerate(tokens)
                  if i == 0 or not (_is_reference(t) and not t.isdigit() and t.isalnum()
                                    and any(c.isalpha() for c in t))]
    if "." in raw and len(tokens) > 1 and tokens[-1] == tokens[0]:   # the name's own domain
        tokens.pop()
    # a legal form written first ('UAB Microsoft Lietuva', 'Oy Microsoft Ab', 'S.C. ... S.R.L.')
    tokens = _strip_leading_forms(tokens)
    # 'CONTENTFUL GMBH BERLIN', 'SOPHOS LIMITED ABINGDON': words after a legal form are a location
    cut = next((i for i, t in enumerate(tokens) if i > 0 and t in _CUT_AFTER_SUFFIXES), None)
    if cut is not None:
        tokens = tokens[:cut + 1]
    # a brand expansion followed by the brand again: GOOGLE *GOOGLE STORAGE
    if expanded and len(tokens) > 1 and tokens[0] == tokens[1]:
        tokens.pop(1)
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        if _is_reference(tokens[-1]):
            tokens.pop()
            changed = True
        before = len(tokens)
        tokens = strip_legal_forms(tokens)
        tokens = _strip_suffixes(tokens, REGION_QUALIFIERS)
        changed = changed or len(tokens) != before
    # 'paypal buyspares' (card feeds that drop the star): the merchant follows PayPal
    while (len(tokens) > 1 and tokens[0] in {"PAYPAL", "PYPL"}
            and not all(t in LEGAL_SUFFIXES | REGION_QUALIFIERS for t in tokens[1:])):
        tokens = tokens[1:]
    # a lone leading reference (e.g. '0423 ACME') is noise too
    while len(tokens) > 1 and _is_reference(tokens[0]):
        tokens.pop(0)
    key = " ".join(tokens)
    return key or fallback
