"""A text export's bytes read as the text its author wrote, in the code pages finance systems
still write: each small ledger is encoded here exactly as that system would, decoded, and (for
the non-Latin scripts) loaded, so its vendor and department headings are found."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db import Store
from ingest import load_file
from ingest.encodings import decode_text

LEDGERS = {
    "el": "Προμηθευτής;Ημερομηνία;Ποσό;Τμήμα;Περιγραφή\n"
          "Microsoft Ελλάς Α.Ε.;15/03/2024;1250,00;Μάρκετινγκ;Άδειες λογισμικού\n"
          "Cosmote Επιχειρήσεις;18/03/2024;320,40;Λογιστήριο;Κινητή τηλεφωνία\n",
    "ru": "Поставщик;Дата;Сумма;Подразделение;Описание\n"
          "ООО Яндекс;15.03.2024;45000,00;Отдел маркетинга;Реклама\n"
          "ПАО Ростелеком;18.03.2024;12340,50;ИТ отдел;Интернет и связь\n",
    "uk": "Постачальник;Дата;Сума;Підрозділ;Опис\n"
          "ПрАТ Київстар;05.03.2024;4500,00;ІТ відділ;Мобільний зв'язок\n"
          "ТОВ Нова Пошта;19.03.2024;890,40;Адміністрація;Доставка\n",
    "ja": "取引先,支払日,支払金額,部署,摘要\n"
          "株式会社ソフトバンク,2024/03/15,125000,営業部,社用携帯\n"
          "日本マイクロソフト株式会社,2024/03/18,480000,情報システム部,ライセンス\n",
    "zh": "供应商,日期,金额,部门,摘要\n"
          "华为技术有限公司,2024-03-15,58000.00,信息技术部,服务器维护\n"
          "北京饭店有限公司,2024-03-18,12680.50,行政部,会议餐饮\n",
    "ko": "거래처,지출일자,금액,부서,적요\n"
          "삼성에스디에스 주식회사,2024-03-15,1250000,정보시스템팀,클라우드\n"
          "스타벅스코리아,2024-03-18,87000,마케팅팀,회의 다과\n",
    "he": "ספק,תאריך,סכום,מחלקה,תיאור\n"
          "בזק החברה הישראלית לתקשורת,15/03/2024,1250.00,מערכות מידע,אינטרנט\n"
          "שופרסל בע\"מ,19/03/2024,480.00,משאבי אנוש,כיבוד\n",
    "ar": "المورد,التاريخ,المبلغ,القسم,الوصف\n"
          "شركة الاتصالات السعودية,04/03/2024,23000.00,تقنية المعلومات,اتصالات\n"
          "مكتبة جرير,28/03/2024,1375.50,الموارد البشرية,قرطاسية\n",
    "cs": "Dodavatel;Datum úhrady;Částka;Oddělení;Popis\n"
          "Řízení dat s.r.o.;14.03.2024;12 500,00;Účetnictví;Předplatné účetního softwaru\n"
          "Kůň a Žluťoučký IT a.s.;19.03.2024;3 999,50;Marketing;Správa webových stránek - březen\n",
    "hu": "Szállító neve;Teljesítés dátuma;Összeg;Osztály;Leírás\n"
          "Őrző Szoftverfejlesztő Kft.;14.03.2024;250 000;Informatika;Szoftverfejlesztés\n"
          "Tűzvédelmi Szerviz Bt.;19.03.2024;49 750;Üzemeltetés;Tűzoltó készülékek ellenőrzése\n",
    "tr": "Tedarikçi;Ödeme Tarihi;Tutar;Birim;Açıklama\n"
          "Türk Telekomünikasyon A.Ş.;15.03.2024;4.250,00;Pazarlama;Kurumsal mobil hat ücreti\n"
          "Logo Yazılım Sanayi ve Ticaret A.Ş.;19.03.2024;18.900,00;Muhasebe;Muhasebe yazılımı yıllık lisans\n"
          "İşbir Bilişim Ltd. Şti.;27.03.2024;32.499,90;Bilgi İşlem;Sunucu bakımı\n",
}

CODE_PAGES = [
    ("el", "cp1253", "Windows-1253"), ("el", "iso8859_7", "ISO-8859-7"),
    ("ru", "cp1251", "Windows-1251"), ("ru", "koi8_r", None), ("uk", "cp1251", "Windows-1251"),
    ("ja", "cp932", "Shift-JIS"), ("ja", "euc_jp", "EUC-JP"),
    ("zh", "gb18030", "GB18030"), ("ko", "cp949", "EUC-KR"),
    ("he", "cp1255", "Windows-1255"), ("ar", "cp1256", "Windows-1256"),
    ("cs", "cp1250", "Windows-1250"), ("cs", "iso8859_2", "ISO-8859-2"),
    ("hu", "cp1250", "Windows-1250"), ("tr", "cp1254", "Windows-1254"),
]


@pytest.mark.parametrize("language, codec, name", CODE_PAGES)
def test_a_legacy_code_page_reads_back_as_the_text_written(language, codec, name):
    text = LEDGERS[language]
    decoded, said = decode_text(text.encode(codec))
    assert decoded == text
    if name:
        assert said == name


@pytest.mark.parametrize("language, codec", [("el", "cp1253"), ("ru", "koi8_r"), ("ja", "cp932"),
                                             ("zh", "gb18030"), ("he", "cp1255"), ("ar", "cp1256")])
def test_a_non_latin_ledger_loads_with_its_vendors_and_departments(language, codec):
    store = Store(":memory:")
    result = load_file(store, f"{language}.csv", LEDGERS[language].encode(codec))
    assert result.rows_loaded == 2 and result.rows_rejected == 0
    vendors = [v for (v,) in store.rows("SELECT vendor FROM ledger_lines ORDER BY source_row")]
    departments = [d for (d,) in store.rows("SELECT department FROM ledger_lines ORDER BY source_row")]
    body = [line.split("," if "," in LEDGERS[language].splitlines()[0] else ";")
            for line in LEDGERS[language].splitlines()[1:]]
    assert vendors == [row[0] for row in body]
    assert departments == [row[3] for row in body]


def test_western_files_stay_windows_1252():
    for text in ["Supplier;Amount\nCafé Nero SARL;1.250,00 €\nCrème brûlée Ltd;99,00 €\n",
                 "Fournisseur;Montant\nSociété Générale;1 250,00\nCrèche Les Hêtres;420,50\n",
                 "Leverandør;Beløb\nKøbenhavns Kommune;1.250,00\nNæstved Øl;99,00\n",
                 "Lieferant;Betrag\nMüller Straße GmbH;1.250,00\nÄrzte Bürobedarf;99,00\n"]:
        decoded, said = decode_text(text.encode("cp1252"))
        assert (decoded, said) == (text, "Windows-1252")


def test_utf8_with_a_line_from_a_windows_program_keeps_both_readable():
    data = ("Supplier,Amount\nCafé Nero Ltd,1250.00\n".encode("utf-8")
            + "Señor Software Ltd,420.50\n".encode("cp1252")
            + "Müller Systems GmbH,899.00\n".encode("utf-8"))
    decoded, said = decode_text(data)
    assert decoded == "Supplier,Amount\nCafé Nero Ltd,1250.00\nSeñor Software Ltd,420.50\nMüller Systems GmbH,899.00\n"
    assert said == "UTF-8 (1 line in Windows-1252)"


def test_utf16_without_a_byte_order_mark_is_text_not_binary():
    text = "Supplier,Date,Amount,Currency\nMicrosoft Ltd,15/03/2024,1250.00,EUR\nZoom,19/03/2024,420.50,EUR\n"
    store = Store(":memory:")
    result = load_file(store, "unicode.csv", text.encode("utf-16-le"))
    assert result.rows_loaded == 2 and result.control_total == Decimal("1670.50")


def test_a_stray_nul_in_a_description_does_not_make_the_file_binary():
    text = "Supplier,Date,Amount\nAcme Ltd,15/03/2024,100.00\nBeta\x00 Ltd,16/03/2024,50.00\n"
    store = Store(":memory:")
    result = load_file(store, "nul.csv", text.encode("utf-8"))
    assert result.rows_loaded == 2 and result.control_total == Decimal("150.00")


def test_the_latin9_euro_sign_is_a_euro():
    text = "Supplier;Amount\nCafé Nero SARL;€1.250,00\nBoulangerie;€99,00\n"
    decoded, said = decode_text(text.encode("iso8859_15"))
    assert (decoded, said) == (text, "ISO-8859-15")


@pytest.mark.parametrize("text", [
    "Datum;Lieferant;Betrag EUR\r04/03/2024;Société Générale;1234,56\r06/03/2024;Café Müller GmbH;250,00\r",
    "Datum;Lieferant;Betrag (€)\r04.03.2024;Microsoft Ireland;1234,56\r06.03.2024;Adobe;99,00\r",
    "Fecha;Proveedor;Importe\r05/03/2024;Telefónica España;120,00\r07/03/2024;Señor Peñalver;80,00\r",
])
def test_a_csv_saved_by_excel_for_mac_is_read_as_mac_roman(text):
    decoded, said = decode_text(text.encode("mac_roman"))
    assert (decoded, said) == (text, "Mac Roman")


def test_windows_text_with_smart_apostrophes_and_dashes_stays_windows_1252():
    text = "Supplier;Note\nO’Brien’s Café;Don’t pay – “held”\nSainsbury’s;Shop’s order…\n"
    assert decode_text(text.encode("cp1252")) == (text, "Windows-1252")
