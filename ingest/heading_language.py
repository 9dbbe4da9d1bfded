"""The currency a ledger's heading language implies, when nothing in the file names one.

Business rule: a Dutch municipality's export headed `Boekdatum | Crediteur | Bedrag` with plain
numbers is in euros, a Danish one headed `Bogføringsdato | Beløb` in kroner; loading either as
the workspace's default (GBP) misstates every figure. So, weaker than every currency the file
states (a currency column, the amount heading, a `Currency:` row, a symbol or code in the
cells) and like the script rule of ingest.preamble, headings in a language spoken in ONE
currency's countries give the file that currency, and the load's note says why and how to
change it. Languages of several currencies (English, French, German, Spanish, Portuguese...)
imply none.

Two distinct words of the language are needed, and no word of another language in the table:
one shared word ('Saldo', 'Netto') or a mixed heading proves nothing.

Worked example: headings `Boekdatum; Factuurnummer; Crediteur; Omschrijving; Bedrag excl. BTW`
-> ('EUR', 'Dutch'); `Date; Supplier; Amount` -> None; `Bogføringsdato; Beløb` -> ('DKK', 'Danish').
"""

from __future__ import annotations

from ingest.mapping.headings import heading_tokens

# heading words (as heading_tokens reads them: accents and ø folded, lower case) of one language
# whose countries share one currency; words two such languages share are left out
LANGUAGE_WORDS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("EUR", "Dutch", frozenset({
        "bedrag", "boekdatum", "crediteur", "crediteurnaam", "omschrijving", "kostenplaats",
        "grootboekrekening", "grootboek", "factuurnummer", "factuurdatum", "leverancier",
        "leveranciersnaam", "betaaldatum", "btw", "boekstuk", "kostensoort"})),
    ("EUR", "Finnish", frozenset({
        "toimittaja", "kirjauspaiva", "maksupaiva", "laskun", "tositenumero", "kustannuspaikka",
        "alv", "tili", "selite"})),
    ("EUR", "Italian", frozenset({
        "importo", "fornitore", "fattura", "imponibile", "descrizione"})),
    ("DKK", "Danish", frozenset({"belob", "bogforingsdato", "bilagsnr"})),
    ("NOK", "Norwegian", frozenset({"belop", "bokforingsdato", "mva", "bilagsdato"})),
    ("SEK", "Swedish", frozenset({
        "belopp", "leverantor", "leverantorsnamn", "bokforingsdatum", "verifikationsnummer",
        "verifikation", "kostnadsstalle"})),
    ("PLN", "Polish", frozenset({"kwota", "kontrahent", "ksiegowania", "dostawca", "faktury"})),
    ("CZK", "Czech", frozenset({"castka", "stredisko", "uhrady"})),
    ("HUF", "Hungarian", frozenset({"osszeg", "szallito", "konyvelesi", "szamla", "kelte"})),
    ("TRY", "Turkish", frozenset({"tutar", "tedarikci", "aciklama", "tarih", "fatura", "masraf",
                                  "merkezi", "hesap"})),
    ("RON", "Romanian", frozenset({"furnizor", "valoare", "furnizorului"})),
)


# the currencies 'kr' / 'kr.' may be: a heading word of one of their languages tells them apart
KRONER = frozenset({"SEK", "NOK", "DKK", "ISK"})


def heading_language_currency(columns, among: frozenset[str] | None = None
                              ) -> tuple[str, str] | None:
    """(currency, language) when the headings are in a language of one currency (see the
    module docstring), else None. `among`: the currencies a symbol in the cells already narrows
    the file to ('kr.': SEK, NOK, DKK, ISK); then one word of one of their languages decides
    ('Beløb': DKK), as it only has to tell those few apart."""
    words = {t for column in columns or () for t in heading_tokens(str(column or ""))}
    found = [(code, language, len(words & vocabulary))
             for code, language, vocabulary in LANGUAGE_WORDS
             if words & vocabulary and (among is None or code in among)]
    if len(found) != 1 or found[0][2] < (1 if among else 2):
        return None
    return found[0][0], found[0][1]
