"""Text export bytes -> text: which character encoding a file is written in.

Business rule: names, departments and descriptions must read as the file's author wrote them;
a wrong guess turns 'Προμηθευτής' into 'Ðñïìçèåõôþò', loses the vendor column (its heading no
longer reads) and every line's classification with it. In order:

1. a byte-order mark (UTF-16 LE/BE, UTF-8), or UTF-16 without one (every other byte zero);
2. UTF-8. A file that is UTF-8 except for a few lines or bytes (a line pasted from a Windows
   program) is read as UTF-8, those bytes as Windows-1252 ('CafÃ©' never appears), and the
   notes say how many lines;
3. a legacy code page. Western European Windows-1252 is the default; another is chosen only on
   evidence from the bytes:
   - words made wholly of high bytes ('Ðñïìçèåõôþò' as 1252): a non-Latin script, and the code
     page (Cyrillic 1251 / KOI8-R, Greek, Hebrew, Arabic, Shift-JIS, EUC-JP, GB18030, Big5,
     EUC-KR) is the one charset_normalizer finds most coherent among those scripts;
   - letters of Central Europe (Polish 'ł' read as '³', Czech 'ř' as 'ø', Hungarian 'ő' as
     'õ') and of Turkish ('ş' as 'þ', 'ı' as 'ý') where Windows-1252 gives symbols or letters
     no Western word has in that place;
   - '¤' beside digits where the euro sign is meant: ISO-8859-15;
   - accented letters as bytes 80-9F inside words ('Soci\x8et\x8e', 'M\x9fller') and no
     Windows-1252 letter (C0-FF) between letters, or Mac's euro (DB, 1252's 'Û') beside digits
     or alone in brackets: Mac Roman, as Excel for Mac saves a CSV.

Worked example: b'\\xc4\\xee\\xf1\\xf2\\xe0\\xe2\\xf7\\xe8\\xea;...' (Windows-1251 'Доставчик;')
-> ('Доставчик;...', 'Windows-1251'); b'Caf\\xc3\\xa9,1\\nCaf\\xe9,2' -> ('Café,1\\nCafé,2',
'UTF-8 (1 line in Windows-1252)').
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

SAMPLE_BYTES = 256 * 1024

# code pages of non-Latin scripts, with the names the notes give them
_NON_LATIN = {
    "cp1251": "Windows-1251", "koi8_r": "KOI8-R", "cp1253": "Windows-1253",
    "iso8859_7": "ISO-8859-7", "cp1255": "Windows-1255", "cp1256": "Windows-1256",
    "cp932": "Shift-JIS", "euc_jp": "EUC-JP", "gb18030": "GB18030", "big5": "Big5",
    "cp949": "EUC-KR",
}

# a word of three or more high bytes in a row: a Western text in 1252 has one accented letter
# between ASCII ones ('Société'); Cyrillic, Greek, Hebrew, Arabic and CJK text is all high bytes
_HIGH_WORD = re.compile(rb"[\x80-\xff]{3,}")
_ANY_HIGH = re.compile(rb"[\x80-\xff]")

# bytes that are letters in Windows-1250 (Polish, Czech, Slovak, Hungarian) but symbols or holes
# in Windows-1252, inside a word: 'Us\xb3ugi' is 'Usługi' (the Polish evidence); and the Czech
# and Hungarian letters that 1252 reads as other letters between letters ('P\xf8\xedkaz' is
# 'Příkaz' or a Danish 'Pøíkaz'; 'Sz\xe1ll\xedt\xf3 ' is the same in both): these only make
# charset_normalizer's language check decide between the two
_CENTRAL_EUROPEAN = re.compile(rb"[A-Za-z][\xb9\xb3\x9c\x9f\xbf\x8c\x8f\x8d\x9d\xa5\xaf][a-z]"
                               rb"|[A-Za-z][\xb9\xb3\x9c\x9f\xbf]\b")
_CZECH_HUNGARIAN = re.compile(rb"[A-Za-z\xe1\xe9\xed\xf3\xfa][\xf8\xec\xf9\xf5\xfb\x9d\xe8][A-Za-z\xe1\xed]"
                              rb"|[A-Za-z][\xf5\xfb]\b|\b[\xc8\xd8\x8a\x8e][a-z]")
_NORDIC = re.compile(rb"[\xe5\xe6\xc5\xc6]")    # å æ: Danish or Norwegian, where ø is a letter
# Czech 'ře', 'ří', 'dě', 'mě' ('P\xf8edplatn\xe9', 'Odd\xeclen\xed'), and the koruna after an
# amount ('444,81 K\xe8' is '444,81 Kč', 1252's 'Kè'): no Western word has them
_CZECH = re.compile(rb"[bdmnprtvzBDMNPRTVZ]\xf8[e\xed\xe1]|[dmnptvbDMNPTVB]\xec"
                    rb"|[0-9][ \xa0]?K\xe8(?![A-Za-z\xe0-\xff])")
_TURKISH = re.compile(rb"[A-Za-z][\xfd\xfe\xf0\xdd\xde][A-Za-z]|[A-Za-z][\xfe\xfd]\b")
_ICELANDIC = re.compile(rb"ISK|\bkr\b|\bKR\b")            # Icelandic (ý þ ð too): not Turkish
_LATIN9_EURO = re.compile(rb"\xa4\s?[0-9]|[0-9]\s?\xa4")
# Mac Roman (a CSV saved by Excel for Mac, often with bare-CR lines): its accented letters are
# bytes 80-9F ('Soci\x8et\x8e' is 'Société', 'M\x9fller' 'Müller'), where Windows-1252 has
# punctuation; and its bytes C0-FF are signs, where 1252 has the accented letters. The quote,
# apostrophe and ellipsis bytes (91-94, 85) are left out: 1252 text writes "don\x92t"
_MAC_LETTER = re.compile(rb"[A-Za-z][\x80-\x84\x86-\x90\x95-\x9f](?=[A-Za-z\s;,.\"'])")
_WIN_LETTER = re.compile(rb"[A-Za-z][\xc0-\xff][A-Za-z]")
_MAC_EURO = re.compile(rb"\(\xdb\)|[0-9]\s?\xdb(?![A-Za-z])|(?<![A-Za-z])\xdb\s?[0-9]")  # Mac's €: 1252's Û


def _mixed_handler(error: UnicodeDecodeError):
    """Decode the bytes UTF-8 refused as Windows-1252 (a line pasted from a Windows program)."""
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("techspend-cp1252", _mixed_handler)


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark (its zero bytes are not binary data)."""
    return _utf16_without_bom(data) is not None


def _non_latin_code_page(sample: bytes) -> str | None:
    best = charset_normalizer.from_bytes(sample, cp_isolation=list(_NON_LATIN)).best()
    return best.encoding if best is not None and best.encoding in _NON_LATIN else None


def _latin_code_page(sample: bytes) -> str | None:
    best = charset_normalizer.from_bytes(sample, cp_isolation=["cp1252", "cp1250", "iso8859_2"]).best()
    return best.encoding if best is not None else None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name as the notes say it). See the module docstring."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace"), "UTF-16 (no byte-order mark)"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _looks_mostly_utf8(data, first_bad):
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        text = body.decode("utf-8", errors="techspend-cp1252")
        lines = _lines_not_utf8(body)
        return text, f"UTF-8 ({lines} line{'s' if lines != 1 else ''} in Windows-1252)"
    sample = data[:SAMPLE_BYTES]
    high_words = len(_HIGH_WORD.findall(sample))
    if high_words >= 3 and high_words * 4 >= len(_ANY_HIGH.findall(sample)) / 3:
        page = _non_latin_code_page(sample)
        if page == "cp1253" and b"\xb6" in sample and b"\xa2" not in sample:
            page = "iso8859_7"   # 'Ά' is B6 in ISO-8859-7, A2 in Windows-1253 (B6 is '¶' there)
        if page is not None:
            return data.decode(page, errors="replace"), _NON_LATIN[page]
    if (len(_MAC_LETTER.findall(sample)) >= 2 or _MAC_EURO.search(sample)) \
            and not _WIN_LETTER.search(sample):
        return data.decode("mac_roman"), "Mac Roman"
    central = len(_CENTRAL_EUROPEAN.findall(sample)) >= 2
    if not central and len(_CZECH.findall(sample)) >= 2:
        central = True
    if not central and len(_CZECH_HUNGARIAN.findall(sample)) >= 3 and not _NORDIC.search(sample):
        central = _latin_code_page(sample) in ("cp1250", "iso8859_2")
    if central:
        # ISO-8859-2 has no byte 80-9F; its Czech š ž ť or Polish ą ś ź are where 1250 has
        # other signs (B9 is 1250's ą but ISO's š: Polish evidence keeps 1250)
        if not re.search(rb"[\x80-\x9f]", sample) and (
                _CZECH.search(sample) or (re.search(rb"[\xb1\xb6\xbc]", sample)
                                          and b"\xb9" not in sample)):
            return data.decode("iso8859_2", errors="replace"), "ISO-8859-2"
        return data.decode("cp1250", errors="replace"), "Windows-1250"
    if len(_TURKISH.findall(sample)) >= 2 and not _ICELANDIC.search(sample):
        return data.decode("cp1254", errors="replace"), "Windows-1254"
    if _LATIN9_EURO.search(sample) and b"\x80" not in sample:
        return data.decode("iso8859_15"), "ISO-8859-15"
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _looks_mostly_utf8(data: bytes, first_bad: int) -> bool:
    """UTF-8 with a few stray bytes: real multi-byte UTF-8 sequences are there, and the bytes
    UTF-8 refuses are on fewer lines than half (and fewer than the good sequences)."""
    sample = data[:SAMPLE_BYTES]
    good = len(re.findall(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}",
                          sample))
    if good == 0:
        return False
    bad_lines = _lines_not_utf8(sample)
    return bad_lines * 2 <= max(1, sample.count(b"\n")) and good >= max(2, bad_lines)


def _lines_not_utf8(data: bytes) -> int:
    count = 0
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            count += 1
    return count
