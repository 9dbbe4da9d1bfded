"""Technology evidence in Turkish, Greek, Portuguese and Mexican Spanish ledgers (probe round 3).

What a CIO with such a ledger relies on: software, telecom and hardware lines are found from
their accounts and descriptions in the ledger's own language, the supplier's registered name
(with its legal form and trade words) still finds the catalogued supplier, and the IT unit is
recognised. Before: a Turkish ledger F1 0.48, a Greek one 0.51; 'Yazılım' (software) was read
as 'yaz l m', Greek descriptions had no words at all, and 'Reklam ve İlan' (advertising)
matched the network word LAN.
"""

from __future__ import annotations

import pytest

import workspace
from models.context_catalog import expand_phrases
from models.it_vocabulary import default_flags
from models.normalise import vendor_key

LEDGER = """Tarih;Tedarikçi;Açıklama;Birim;Hesap Adı;Tutar
05.01.2024;Logo Yazılım Sanayi ve Ticaret A.Ş.;Logo Tiger bakım bedeli;Bilgi Teknolojileri Direktörlüğü;Yazılım Lisans Giderleri;9.100,00
06.01.2024;Turkcell İletişim Hizmetleri A.Ş.;Kurumsal mobil hat faturası;Bilgi İşlem Müdürlüğü;Genel Giderler;4.780,15
07.01.2024;Kariyer.net Elektronik Yayıncılık A.Ş.;İş ilanı paketi;İnsan Kaynakları;Reklam ve İlan Giderleri;2.500,00
08.01.2024;Kuzey Gayrimenkul A.Ş.;Ocak ayı depo kirası;Lojistik;Kira Giderleri;85.000,00
09.01.2024;ΟΤΕ Α.Ε.;Τέλη σταθερής τηλεφωνίας;Δήμαρχος;Διάφορα;3.420,50
10.01.2024;Αλφα Προμήθειες Ε.Π.Ε.;Άδειες χρήσης λογισμικού;Δήμαρχος;Διάφορα;1.200,00
11.01.2024;Βήτα Καθαρισμοί Ε.Π.Ε.;Καθαρισμός γραφείων;Δήμαρχος;Διάφορα;900,00
12.01.2024;Instituto de Capacitación SC;Capacitación a servidores públicos;Recursos Humanos;Servicios de capacitación;15.000,00
13.01.2024;Proveedora del Centro SA;Compra de discos duros y equipo de cómputo;Recursos Humanos;Materiales;8.000,00
14.01.2024;Hospital Supplies Lda;Serviços de TI janeiro;Recursos Humanos;Serviços de TI;3.000,00
15.01.2024;ΕΛΤΑ Α.Ε.;Ταχυδρομικά τέλη αποστολής;Δήμαρχος;10.6221 Ταχυδρομικά - τηλεφωνικά τέλη;800,00
16.01.2024;Γάμμα Τηλεπικοινωνίες Ε.Π.Ε.;Τέλη σταθερής τηλεφωνίας Ιανουαρίου;Δήμαρχος;10.6221 Ταχυδρομικά - τηλεφωνικά τέλη;640,00
17.01.2024;Amazon Capital Services;USB-C chargers and HDMI adapters;Washington High School;0735 Technology Equipment;310,00
18.01.2024;Freshworks Technologies Pvt Ltd;Freshservice ITSM 40 agents;Internal IT;Software Subscription;4.000,00
"""

# (vendor, is_tech) as a finance/IT reader of each line would say
EXPECTED = {
    "Logo Yazılım Sanayi ve Ticaret A.Ş.": True,          # the catalogued ERP supplier
    "Turkcell İletişim Hizmetleri A.Ş.": True,            # Turkcell, trade words after the name
    "Kariyer.net Elektronik Yayıncılık A.Ş.": False,      # a job advert: İlan is not LAN
    "Kuzey Gayrimenkul A.Ş.": False,
    "ΟΤΕ Α.Ε.": True,                                     # OTE in Greek letters
    "Αλφα Προμήθειες Ε.Π.Ε.": True,                       # "software user licences", in Greek
    "Βήτα Καθαρισμοί Ε.Π.Ε.": False,                      # office cleaning
    "Instituto de Capacitación SC": False,                # public servants are not servers
    "Proveedora del Centro SA": True,                     # hard disks and computing equipment
    "Hospital Supplies Lda": True,                        # Portuguese 'Serviços de TI'
    "ΕΛΤΑ Α.Ε.": False,             # postage under the Greek 'postal - telephone fees' account
    "Γάμμα Τηλεπικοινωνίες Ε.Π.Ε.": True,    # a telephone bill under the same account
    "Amazon Capital Services": True,        # a marketplace: the 'Technology Equipment' account decides
    "Freshworks Technologies Pvt Ltd": True,
}


@pytest.fixture(scope="module")
def classified(tmp_path_factory):
    store = workspace.open_workspace(tmp_path_factory.mktemp("lang") / "t.duckdb")
    result = workspace.load_file(store, "mixed.csv", LEDGER.encode("utf-8"))
    assert result.rows_loaded == len(EXPECTED)
    return {vendor: (is_tech, it_owned, reason) for vendor, is_tech, it_owned, reason in store.rows(
        "SELECT vendor, is_tech, it_owned, reason FROM classified_lines")}


@pytest.mark.parametrize("vendor", sorted(EXPECTED))
def test_each_line_is_technology_or_not_as_its_own_language_says(classified, vendor):
    is_tech, _, reason = classified[vendor]
    assert is_tech is EXPECTED[vendor], reason


def test_a_freshworks_invoice_bought_by_it_is_a_system_of_record(classified, tmp_path):
    """Freshworks sells support desks (SoE) and an ITSM (SoR): its own name decides no layer,
    the buying unit does (before: every Freshworks invoice was Freshdesk, SoE)."""
    store = workspace.open_workspace(tmp_path / "fw.duckdb")
    workspace.load_file(store, "fw.csv", LEDGER.encode("utf-8"))
    assert store.scalar("SELECT layer FROM classified_lines WHERE vendor LIKE 'Freshworks%'") == "SoR"


def test_the_turkish_it_units_own_their_lines(classified):
    assert classified["Logo Yazılım Sanayi ve Ticaret A.Ş."][1] is True   # Bilgi Teknolojileri
    assert classified["Turkcell İletişim Hizmetleri A.Ş."][1] is True     # Bilgi İşlem


@pytest.mark.parametrize("text", ["Yazılım Lisans Giderleri", "Usługi informatyczne", "Bøger og Straße",
                                  "Άδειες χρήσης λογισμικού", "ΤΕΛΟΣ συνδρομής", "Ноутбук Dell"])
def test_catalog_phrases_tokenise_exactly_as_the_sql_reads_text(tmp_path, text):
    """A phrase in keyword_phrases.csv matches only if Python (the catalog) and SQL (the lines)
    cut the same text into the same tokens."""
    store = workspace.open_workspace(tmp_path / "tokens.duckdb")
    sql_tokens = store.scalar("SELECT keyword_tokens(?)", [text])
    assert [sql_tokens] == expand_phrases(text)


@pytest.mark.parametrize("raw, key", [("ΟΤΕ Α.Ε.", "ΟΤΕ"), ("ΔΕΗ Α.Ε.", "ΔΕΗ"), ("Α.Ε.", "Α Ε"),
                                      ("ООО Ромашка", "ООО РОМАШКА")])
def test_a_legal_form_in_greek_letters_is_not_part_of_the_supplier(raw, key):
    assert vendor_key(raw) == key
    assert vendor_key(key) == key


@pytest.mark.parametrize("unit, is_it, customer_facing", [
    ("BILGI TEKNOLOJILERI DIREKTORLUGU", True, False),
    ("BILGI TEKNOLOJILERI VE ILETISIM KURUMU", False, False),   # the telecoms regulator
    ("SATIS MUDURLUGU", False, True),
    ("MUSTERI HIZMETLERI", False, True),
    ("KLANTCONTACTCENTRUM", False, True),
    ("PUBLIEKSZAKEN", False, True),
    ("COMMUNICATIE", False, True),
    ("GABINETE DO CIDADAO", False, True),
])
def test_units_named_in_turkish_dutch_and_portuguese(unit, is_it, customer_facing):
    flags = default_flags(unit)
    assert (flags.is_it, flags.customer_facing) == (is_it, customer_facing)
