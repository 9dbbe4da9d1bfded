"""Catalog loading and vendor matching (alias, pattern, prefix, fuzzy)."""

import pytest

from db import Store, TechspendError
from models import catalog_load, vendor_match
from models.vendor_match import CATALOG_DIR, fuzzy_candidates, split_pipes


def test_split_pipes_keeps_alternations_inside_groups():
    assert split_pipes("A|B|^(C|D) X|E\\|F") == ["A", "B", "^(C|D) X", "E\\|F"]
    assert split_pipes("") == []


@pytest.mark.parametrize(
    "key, alias",
    [
        ("SALESFORCCE", "SALESFORCE"),       # one letter doubled
        ("ZENDSEK", None),                   # core of 7 letters, swap: 86 < 92
        ("LCS TECHNOLOGIES", None),          # shared generic word does not make a match
        ("CA TECHNOLOGIES", None),
        ("SAGE", None),                      # too short to guess
        ("ACCESS", None),                    # an ordinary word one letter from a brand: 92, no
        ("ACCESS UK", None),                 # (UK is dropped by vendor_key before this)
        ("GOOGLE ADWS", "GOOGLE ADS"),       # two words: still guessed
    ],
)
def test_fuzzy_needs_close_distinctive_words(key, alias):
    aliases = ["SALESFORCE", "ZENDESK", "HCL TECHNOLOGIES", "CA TECHNOLOGY", "SAGA", "ACCESSO",
               "GOOGLE ADS"]
    hit = fuzzy_candidates([key], aliases)[0]
    assert (aliases[hit[0]] if hit else None) == alias


def test_bad_catalog_regex_names_file_and_row(tmp_path):
    (tmp_path / "vendors.csv").write_text(
        "vendor,product,is_tech,category,layer,aliases,patterns,notes\n"
        "Good,,true,Software & SaaS,SoR,GOOD,^GOOD,\n"
        "Bad,,true,Software & SaaS,SoR,BAD,^BAD(,\n", encoding="utf-8")
    store = Store(":memory:")
    with pytest.raises(TechspendError, match=r"vendors.csv row 3: pattern '\^BAD\(' is not a valid regex"):
        with store.transaction() as cur:
            vendor_match.ensure_catalog(cur, tmp_path)


def test_catalog_reloads_when_files_change(tmp_path, fixture_catalog):
    for f in fixture_catalog.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    store = Store(":memory:")
    with store.transaction() as cur:
        first = vendor_match.ensure_catalog(cur, tmp_path)
        again = vendor_match.ensure_catalog(cur, tmp_path)
    assert first.reloaded and not again.reloaded
    with (tmp_path / "vendors.csv").open("a", encoding="utf-8") as fh:
        fh.write("Acme SaaS,,true,Software & SaaS,SoR,ACME SAAS,,\n")
    with store.transaction() as cur:
        third = vendor_match.ensure_catalog(cur, tmp_path)
    assert third.reloaded and third.version != first.version and third.vendors == first.vendors + 1


CATALOG_TABLES = ("catalog_vendors", "catalog_aliases", "catalog_patterns",
                  "catalog_account_keywords", "catalog_mcc", "catalog_vendor_words")


def _catalog_rows(store):
    return {t: store.rows(f"SELECT * FROM {t} ORDER BY ALL")  # noqa: S608
            for t in CATALOG_TABLES}


def test_a_new_workspace_loads_the_prepared_catalog_from_the_cache(tmp_path, fixture_catalog,
                                                                   monkeypatch):
    """The rows prepared for one workspace are read back for the next (another process in use),
    the same rows; a cache file that is damaged is ignored and written again."""
    monkeypatch.setenv("TECHSPEND_CACHE_DIR", str(tmp_path / "cache"))
    first, second, third = Store(":memory:"), Store(":memory:"), Store(":memory:")
    with first.transaction() as cur:
        vendor_match.ensure_catalog(cur, fixture_catalog)
    [cached] = (tmp_path / "cache").iterdir()
    prepared = []
    real_prepare = catalog_load.prepare_catalog
    monkeypatch.setattr(catalog_load, "prepare_catalog",
                        lambda *a: prepared.append(a) or real_prepare(*a))
    with second.transaction() as cur:
        vendor_match.ensure_catalog(cur, fixture_catalog)
    assert prepared == []                          # read back, not prepared again
    assert _catalog_rows(second) == _catalog_rows(first)
    assert _catalog_rows(first)["catalog_aliases"]  # rows there to compare
    cached.write_text('{"vendors": [[1, 2', encoding="utf-8")   # half written, say
    with third.transaction() as cur:
        vendor_match.ensure_catalog(cur, fixture_catalog)
    assert len(prepared) == 1 and _catalog_rows(third) == _catalog_rows(first)
    assert catalog_load._cached_prepared(catalog_load.catalog_version(fixture_catalog))


def test_a_bad_catalog_is_never_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("TECHSPEND_CACHE_DIR", str(tmp_path / "cache"))
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "vendors.csv").write_text(
        "vendor,product,is_tech,category,layer,aliases,patterns,notes\n"
        "Bad,,maybe,Software & SaaS,SoR,BAD,,\n", encoding="utf-8")
    for _ in range(2):   # the second time too: the error is not hidden by a cache
        with pytest.raises(TechspendError, match="vendors.csv row 2: is_tech must be true or false"):
            with Store(":memory:").transaction() as cur:
                vendor_match.ensure_catalog(cur, catalog)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


# ---- the shipped catalog (models/catalog), when it is there -----------------------------------
shipped = pytest.mark.skipif(not (CATALOG_DIR / "vendors.csv").exists(),
                             reason="models/catalog/vendors.csv is not written yet")


@shipped
def test_shipped_catalog_loads_and_is_consistent():
    store = Store(":memory:")
    with store.transaction() as cur:
        status = vendor_match.ensure_catalog(cur, CATALOG_DIR)
    assert store.scalar("SELECT count(*) FROM catalog_vendors WHERE is_tech") >= 3000
    bad = store.rows(
        "SELECT entry_id + 1, canonical, category FROM catalog_vendors WHERE category NOT IN "
        "(SELECT unnest(?::VARCHAR[]))",
        [list(vendor_match.TECH_CATEGORIES + vendor_match.NON_TECH_CATEGORIES)])
    assert bad == [], f"vendors.csv rows with an unknown category: {bad[:10]}"
    wrong_side = store.rows(
        "SELECT entry_id + 1, canonical FROM catalog_vendors WHERE is_tech <> "
        "(category IN (SELECT unnest(?::VARCHAR[])))", [list(vendor_match.TECH_CATEGORIES)])
    assert wrong_side == [], f"is_tech disagrees with the category: {wrong_side[:10]}"
    assert status.vendors == store.scalar("SELECT count(*) FROM catalog_vendors")


def _match_shipped(raws: list[str]) -> dict[str, tuple[str | None, bool | None, str]]:
    """raw vendor string -> (canonical, is_tech, method) through the production key and matcher."""
    from models.normalise import vendor_key

    store = Store(":memory:")
    with store.transaction() as cur:
        status = vendor_match.ensure_catalog(cur, CATALOG_DIR)
        keys = {raw: vendor_key(raw) for raw in raws}
        cur.executemany("INSERT INTO vendor_keys (raw_vendor, vendor_key) VALUES (?, ?)",
                        list(keys.items()))
        vendor_match.sync_vendor_map(cur, status.version)
    found = {k: (c, t, m) for k, c, t, m in store.rows(
        "SELECT m.vendor_key, m.canonical, v.is_tech, m.method FROM vendor_map m "
        "LEFT JOIN catalog_vendors v USING (entry_id)")}
    return {raw: found[key] for raw, key in keys.items()}


# Foreign legal forms are stripped before matching, so the entry's own name is enough.
LEGAL_FORM_MATCHES = [
    ("Senior Sistemas S.A.", "Senior Sistemas", True),
    ("TOTVS S/A", "TOTVS", True),
    ("Visma Software AS", "Visma", True),
    ("Fortnox AB (publ)", "Fortnox", True),
    ("Elisa Oyj", None, None),                   # bare ELISA is a first name: not claimed
    ("Telekom Slovenije d.d.", "Telekom Slovenije", True),
    ("Magyar Telekom Nyrt.", "Magyar Telekom", True),
    ("Comarch Sp. z o.o.", "Comarch", True),
    ("ABRA Software s.r.o.", "ABRA Software", True),
    ("Zucchetti S.p.A.", "Zucchetti", True),
    ("Holded Technologies S.L.", "Holded", True),
    ("Cegid SAS", "Cegid", True),
    ("DATEV eG", "DATEV", True),
    ("Nemetschek SE", "Nemetschek", True),
    ("Telmex S.A.B. de C.V.", "Telmex", True),
    ("Aspel de Mexico S.A. de C.V.", "Aspel", True),
    ("Omie Brasil Ltda - ME", "Omie", True),
    ("Civica Rx", "Civica Rx", False),
    ("Orangetheory Fitness LLC", "Orangetheory Fitness", False),
]


def _mismatches(cases: list[tuple[str, str | None, bool | None]]) -> list:
    """(raw, what it matched) for every case whose (canonical, is_tech) is not the expected."""
    got = _match_shipped([raw for raw, _, _ in cases])
    return [(raw, got[raw]) for raw, name, tech in cases
            if (got[raw][0] if got[raw][2] != "none" else None, got[raw][1]) != (name, tech)]


@shipped
def test_foreign_legal_forms_do_not_hide_a_catalogued_vendor():
    assert _mismatches(LEGAL_FORM_MATCHES) == []


# A supplier's national company: the catalogued name, then its country (in English or its own
# language), then the legal form; and names that are not a place-number or a place.
SUBSIDIARY_MATCHES = [
    ("SAP Deutschland SE & Co. KG", "SAP", True),
    ("IBM Italia S.p.A.", "IBM", True),
    ("Salesforce.com France SAS", "Salesforce", True),
    ("Atlassian Nederland B.V.", "Atlassian", True),
    ("Unit 4 Business Software Ltd", "Unit4", True),   # not 'unit 4' of an address
    # a first word other entries share (Microsoft Advertising, Oracle ... , Dell Children's): the
    # entry that lists its own local entities (MICROSOFT UK, ORACLE USA, DELL COM) claims the rest
    ("Microsoft Norge AS", "Microsoft", True),
    ("Microsoft Chile S.A.", "Microsoft", True),
    ("Microsoft Ibérica S.R.L.", "Microsoft", True),
    ("Microsoft México S. de R.L. de C.V.", "Microsoft", True),
    ("Oracle de Chile S.A.", "Oracle", True),
    ("Oracle Italia S.r.l.", "Oracle", True),
    ("SAP España Sistemas Aplicaciones y Productos", "SAP", True),
    ("Dell Australia Pty Ltd", "Dell Technologies", True),
    # ... and only them: these stay what they are
    ("Microsoft Advertising", "Microsoft Advertising", False),
    ("Dell Children's Medical Center", "Dell Children's Medical Center", False),
    ("Google Ireland Ltd", None, None),     # ads or Workspace: the name cannot tell
    ("Telia Eesti AS", "Telia Company", True),          # Baltic country names are places too
    ("Telia Lietuva, AB", "Telia Company", True),
    ("Elisa Eesti AS", "Elisa (telecom)", True),
]


@shipped
def test_a_national_subsidiary_is_its_catalogued_vendor():
    assert _mismatches(SUBSIDIARY_MATCHES) == []


# ---- vendor-name words: weak, measured evidence (models/catalog/vendor_words.csv) ---------------

@shipped
def test_vendor_words_file_is_the_measured_one():
    """The shipped file is what bench/bench_vendor_words.py measures: a reviewer can re-run it."""
    import csv
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_vendor_words", CATALOG_DIR.parents[1] / "bench" / "bench_vendor_words.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with open(CATALOG_DIR / "vendor_words.csv", newline="", encoding="utf-8") as fh:
        shipped_rows = list(csv.DictReader(fh))
    measured = [{k: str(v) for k, v in r.items()} for r in bench.measure()]
    assert shipped_rows == measured
    evidence = {r["word"] for r in shipped_rows if r["evidence"] == "true"}
    assert {"SOFTWARE", "TELECOM", "DATA CENTRES", "HOSTING"} <= evidence
    # words the catalog's own look-alikes show to be imprecise never decide a line
    assert not evidence & {"TECH", "TECHNOLOGY", "DIGITAL", "SOLUTIONS", "SYSTEMS", "NETWORKS",
                           "SECURITY", "DATA"}


@shipped
def test_vendor_word_decides_only_when_nothing_stronger_does():
    from models.classification import refresh
    from classify_helpers import add_lines

    store = Store(":memory:")
    add_lines(store, [
        {"vendor": "Brackenfield Software Ltd", "department": "Finance"},          # word only
        {"vendor": "Brackenfield Software Ltd", "department": "Finance",
         "account_name": "Catering"},                                              # account wins
        {"vendor": "Harrowgate Data Centres Ltd", "department": "Finance"},        # phrase
        {"vendor": "Orchid Tech Solutions", "department": "Finance"},              # not evidence
        {"vendor": "SOFTWAREHOUSE BRAND DESIGN", "department": "Finance"},         # not a whole word
        {"vendor": "Sage UK Ltd", "department": "Finance"},                        # catalog first
    ])
    refresh(store)
    got = store.rows("SELECT vendor, account_name, is_tech, category, decided_by, reason "
                     "FROM classified_lines ORDER BY source_row")
    assert got[0][2:] == (True, "Software & SaaS", "vendor_word", 'vendor word: "software"')
    assert got[1][4] == "account" and got[1][2] is False
    assert got[2][2:] == (True, "Cloud & hosting", "vendor_word", 'vendor word: "data centres"')
    assert got[3][4] != "vendor_word" and got[4][4] != "vendor_word"
    assert got[5][4] == "catalog"
