"""The TBM mapping tables pinned on hand-made lines: every tower and cost pool the data can give,
products within a vendor, and coverage of every category the classifier can produce."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pytest

from db import Store
from models import vendor_match
from models.sql import load_sql
from models.tbm import mapping
from models.tbm.mapping import V5_COST_POOLS, V5_TOWERS, TbmMappingError, pool_v4_to_v5

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "models" / "catalog"
TBM = ROOT / "models" / "tbm"


HAND_CATALOG = [{"vendor": "Atlassian", "canonical": "Atlassian"},
                {"vendor": "Microsoft", "canonical": "Microsoft"},
                {"vendor": "Microsoft", "product": "Microsoft Azure", "canonical": "Microsoft Azure"}]
_COLS = ("upload_id", "source_row", "is_tech", "category", "vendor_canonical", "account_name",
         "description", "reference")


@pytest.fixture(scope="module")
def hand_store():
    """One store for the module (migrations take a second): a three-entry catalog."""
    store = Store(":memory:")
    with store.transaction() as cur:
        for n, entry in enumerate(HAND_CATALOG, start=1):
            cur.execute("INSERT INTO catalog_vendors (entry_id, catalog_version, vendor, "
                        "product, canonical, is_tech) VALUES (?, 't', ?, ?, ?, true)",
                        [n, entry["vendor"], entry.get("product"), entry["canonical"]])
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _bind(hand_store):
    global _STORE
    _STORE = hand_store
    yield


_STORE: Store | None = None


def _keys(lines: list[dict]) -> list[dict]:
    """Run the tbm_keys fragment over hand-made lines (no classifier involved)."""
    rows = [{c: line.get(c) for c in _COLS} | {"upload_id": 1, "source_row": i,
                                               "is_tech": line.get("is_tech", True)}
            for i, line in enumerate(lines, start=2)]
    table = pa.Table.from_pylist(rows, schema=pa.schema(
        [("upload_id", pa.int32()), ("source_row", pa.int32()), ("is_tech", pa.bool_())]
        + [(c, pa.string()) for c in _COLS[3:]]))
    with _STORE.cursor() as cur:
        mapping.register(cur)
        cur.register("hand_lines", table)
        sql = ("WITH tbm_base AS (SELECT * FROM hand_lines), " + load_sql("tbm_keys")
               + " SELECT * FROM tbm_keyed ORDER BY source_row")
        return cur.sql(sql).to_arrow_table().to_pylist()


def _one(**line) -> dict:
    return _keys([line])[0]


TOWER_CASES = [
    # (category, vendor, account, description) -> (tower, sub_tower)
    (("Cloud & hosting", "Amazon Web Services", "Cloud hosting", "EC2 instances"),
     ("Compute", "Servers & Cloud Compute")),
    (("Cloud & hosting", "Cloudflare", "IT costs", "CDN plan"),
     ("Network", "Internet & Content Delivery")),
    (("Cloud & hosting", "Equinix", "Data centre", "rack space"),
     ("Data Center", "Facilities & Colocation")),
    (("Cloud & hosting", "Wasabi", "Cloud", "backup storage"), ("Storage", "Storage & Backup")),
    (("Software & SaaS", "Snowflake", "Software", "credits"), ("Data", "Data Management & Analytics")),
    (("Software & SaaS", "Okta", "Software", "workforce identity"),
     ("Security", "Security Operations & Tools")),
    (("Software & SaaS", "Vanta", "Software", "SOC 2 compliance automation"),
     ("Risk & Compliance", "Risk & Compliance Management")),
    (("Software & SaaS", "ServiceNow", "Software", "ITSM licences"),
     ("Delivery", "IT Service Management & Operations")),
    (("Software & SaaS", "Slack", "Software", "Business+ plan"),
     ("End User", "Collaboration & Productivity")),
    (("Software & SaaS", "GitHub", "Software", "Enterprise seats"),
     ("Application", "Application Development")),
    (("Software & SaaS", "Xero", "Software", "accounting subscription"),
     ("Application", "Business Applications")),
    (("Software & SaaS", "VMware", "Software", "vSphere"), ("Compute", "Platform Software")),
    (("Hardware & devices", "Dell", "Computer equipment", "laptops"),
     ("End User", "Workplace & Devices")),
    (("Hardware & devices", "Apple", "Equipment", "iPhone 15"), ("End User", "Mobile Devices")),
    (("Hardware & devices", "Cisco", "Equipment", "Meraki switches"), ("Network", "LAN/WAN")),
    (("Hardware & devices", "HPE", "Equipment", "ProLiant servers"),
     ("Compute", "Servers & Cloud Compute")),
    (("Hardware & devices", "Ricoh", "Photocopier lease", "quarterly"), ("End User", "Print & Output")),
    (("Hardware & devices", "Acme", "Equipment", "IoT sensors for depots"),
     ("Smart Devices", "IoT & Operational Technology")),
    (("Telecom & network", "BT", "Telephone", "SIP trunks"), ("Network", "Voice")),
    (("Telecom & network", "Vodafone", "Mobile phones", "airtime"), ("End User", "Mobile Devices")),
    (("Telecom & network", "Virgin Media Business", "Data lines", "leased line"),
     ("Network", "LAN/WAN & Connectivity")),
    (("IT services & outsourcing", "Acme Digital", "IT consultancy", "bespoke development"),
     ("Application", "Application Development")),
    (("IT services & outsourcing", "Acme Ops", "IT services", "managed services Q1"),
     ("Delivery", "IT Service Management & Operations")),
    (("IT services & outsourcing", "Acme Advisory", "IT services", "architecture review"),
     ("IT Management", "IT Strategy & Architecture")),
    (("IT services & outsourcing", "Acme Help", "IT", "service desk"), ("End User", "Service Desk")),
    (("Other technology", "Someone", "Sundry", "misc"), ("Application", "Business Applications")),
]


@pytest.mark.parametrize("line,expected", TOWER_CASES, ids=[c[1][0] + "/" + c[1][1]
                                                            for c in TOWER_CASES])
def test_tower_and_sub_tower_of_hand_made_lines(line, expected):
    category, vendor, account, description = line
    got = _one(category=category, vendor_canonical=vendor, account_name=account,
               description=description)
    assert (got["tbm_tower"], got["tbm_sub_tower"]) == expected


def test_every_tower_of_the_mapping_is_pinned_by_a_case():
    produced = {r["tower"] for r in mapping.tower_rows()}
    pinned = {expected[0] for _, expected in TOWER_CASES}
    assert produced <= pinned, f"towers in towers.csv without a test: {produced - pinned}"
    assert produced <= set(V5_TOWERS)


POOL_CASES = [
    # (category, vendor, account, description) -> (pool, sub_pool)
    (("Cloud & hosting", "Amazon Web Services", "Cloud hosting", "EC2"), ("Cloud Services", "IaaS & PaaS")),
    (("Cloud & hosting", "Equinix", "IT", "colocation rack"), ("Facilities & Power", "Colocation")),
    (("Software & SaaS", "HubSpot", "Software subscriptions", "Marketing Hub"), ("Cloud Services", "SaaS")),
    (("Software & SaaS", "Sage", "Computer costs", "online subscription"), ("Cloud Services", "SaaS")),
    (("Software & SaaS", "Oracle", "Software maintenance", "annual"), ("Software", "Maintenance & Support")),
    (("Software & SaaS", "Microsoft", "Software licences", "Windows Server"), ("Software", "Licenses")),
    (("Hardware & devices", "Dell", "Computer equipment", "laptops"), ("Hardware", "Purchase")),
    (("Hardware & devices", "HPE", "Hardware maintenance", "servers"), ("Hardware", "Maintenance & Support")),
    (("Hardware & devices", "Ricoh", "Photocopier lease", "quarterly"), ("Hardware", "Lease")),
    (("Telecom & network", "Vodafone", "Telecoms", "mobile airtime"), ("Telecom", "Voice")),
    (("Telecom & network", "BT", "Telecoms", "leased line"), ("Telecom", "Data")),
    (("IT services & outsourcing", "Capita", "IT services", "managed services"),
     ("Outside Services", "Managed Services")),
    (("IT services & outsourcing", "Acme", "IT services", "project consulting"),
     ("Outside Services", "Consulting & Professional Services")),
    (("IT services & outsourcing", "Acme", "IT services", "contractor day rate"), ("Staffing", "External Labor")),
    (("Software & SaaS", "Acme", "Agency staff - IT", "developer"), ("Staffing", "External Labor")),
    (("Software & SaaS", "Acme", "Salaries - IT", "payroll"), ("Staffing", "Internal Labor")),
    (("Hardware & devices", "Acme", "Depreciation - IT equipment", "laptops"),
     ("Other", "Depreciation & Amortization")),
    (("Software & SaaS", "Acme", "IT training", "course"), ("Other", "Training & Other")),
    (("Software & SaaS", "Acme", "Travel", "conference trip"), ("Other", "Travel & Other")),
    (("Hardware & devices", "Acme", "Electricity - server room", "Q1"),
     ("Facilities & Power", "Facilities & Power")),
    (("Other technology", "Someone", "Sundry", "misc"), ("Other", "Other")),
]


@pytest.mark.parametrize("line,expected", POOL_CASES, ids=[c[1][0] + "/" + c[1][1]
                                                           for c in POOL_CASES])
def test_cost_pool_of_hand_made_lines(line, expected):
    category, vendor, account, description = line
    got = _one(category=category, vendor_canonical=vendor, account_name=account,
               description=description)
    assert (got["tbm_cost_pool"], got["tbm_cost_sub_pool"]) == expected


def test_every_pool_but_internal_services_is_pinned_and_v5():
    produced = {r["pool"] for r in mapping.pool_rows()}
    pinned = {expected[0] for _, expected in POOL_CASES}
    assert produced <= pinned, f"pools in cost_pools.csv without a test: {produced - pinned}"
    assert produced <= set(V5_COST_POOLS)
    assert "Internal Services" not in produced  # allocations, never a ledger line
    assert {"Cloud Services", "Staffing"} <= produced  # the v5 pools


def _catalog_categories() -> set[str]:
    found = set(vendor_match.TECH_CATEGORIES) | set(vendor_match.NON_TECH_CATEGORIES)
    found |= {"Other technology", "Other non-technology"}  # classify_mart_lines fallbacks
    for path in CATALOG.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if "category" in (reader.fieldnames or []):
                found |= {r["category"] for r in reader if r["category"]}
    return found


def test_every_technology_category_the_catalog_can_produce_has_a_default_tower():
    tech = _catalog_categories() - set(vendor_match.NON_TECH_CATEGORIES) - {"Other non-technology"}
    defaults = {r["category"] for r in mapping.tower_rows() if r["category"] and not r["words"]}
    assert tech - defaults == set()
    for category in tech:  # and a line of it with no telling words gets one
        assert _one(category=category, vendor_canonical="X", account_name="Y",
                    description="Z")["tbm_tower"]


def test_every_gl_account_class_and_category_has_a_default_pool():
    with (CATALOG / "account_keywords.csv").open(encoding="utf-8", newline="") as fh:
        account_classes = {r["category"] for r in csv.DictReader(fh)}
    defaults = {r["category"] for r in mapping.pool_rows()
                if r["category"] and not r["account_words"] and not r["text_words"]}
    assert account_classes - defaults == set()
    assert _catalog_categories() - defaults == set()


def test_non_technology_lines_get_no_keys_and_every_line_one_row():
    lines = [dict(is_tech=False, category="Travel & expenses", vendor_canonical="Trainline",
                  account_name="Travel", description="rail"),
             dict(category="Software & SaaS", vendor_canonical="Xero", account_name="Software",
                  description="same"),
             dict(category="Software & SaaS", vendor_canonical="Xero", account_name="Software",
                  description="same")]
    got = _keys(lines)
    assert len(got) == 3
    assert [g["tbm_tower"] for g in got] == [None, "Application", "Application"]
    assert got[0]["tbm_cost_pool"] is None and got[0]["tbm_solution"] is None


PRODUCT_CASES = [
    ("Atlassian", "Jira Software cloud 100 users", "Jira"),
    ("Atlassian", "Confluence standard", "Confluence"),
    ("Atlassian", "annual renewal", "Atlassian"),
    ("Microsoft", "Azure consumption March", "Microsoft Azure"),
    ("Microsoft", "Office 365 E3 licences", "Microsoft 365"),
    ("Microsoft", "Dynamics 365 Business Central", "Microsoft Dynamics 365"),
    ("GOOGLE", "Workspace Business Standard", "Google Workspace"),
    ("GOOGLE", "Cloud Platform billing", "Google Cloud"),
    ("GOOGLE", "Ads campaign spend", "Google Ads"),
]


@pytest.mark.parametrize("vendor,description,product", PRODUCT_CASES)
def test_product_within_vendor_from_the_line_words_vendor_stays_parent(vendor, description, product):
    got = _keys([dict(category="Software & SaaS", vendor_canonical=vendor, account_name="IT",
                      description=description)])[0]
    assert got["tbm_solution"] == product
    parent = "Google" if vendor == "GOOGLE" else vendor
    assert got["tbm_solution_vendor"] == parent


def test_product_words_in_the_reference_or_account_also_pick_the_product():
    got = _keys([dict(category="Software & SaaS", vendor_canonical="Atlassian",
                      account_name="Software", description="INV-2291", reference="JIRA-SUB"),
                 dict(category="Software & SaaS", vendor_canonical="Atlassian",
                      account_name="Confluence licences", description="renewal")])
    assert [g["tbm_solution"] for g in got] == ["Jira", "Confluence"]


def test_a_catalog_product_line_is_kept_and_its_vendor_is_the_parent():
    got = _keys([dict(category="Cloud & hosting", vendor_canonical="Microsoft Azure",
                      account_name="Cloud", description="includes Office 365 migration")])[0]
    assert (got["tbm_solution"], got["tbm_solution_vendor"]) == ("Microsoft Azure", "Microsoft")


def test_v4_pools_map_to_v5_pools():
    v4 = pool_v4_to_v5()
    assert v4["External Labor"] == "Staffing" and v4["Internal Labor"] == "Staffing"
    assert set(v4.values()) <= set(V5_COST_POOLS)
    assert {"Hardware", "Software", "Outside Services", "Facilities & Power", "Telecom",
            "Other"} <= set(v4)


def test_a_badly_written_phrase_is_reported_with_file_and_row(tmp_path, monkeypatch):
    for name in ("towers.csv", "cost_pools.csv", "products.csv"):
        (tmp_path / name).write_text((TBM / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "towers.csv").open("a", encoding="utf-8") as fh:
        fh.write("999,,Co-Location,Compute,Servers & Cloud Compute,bad\n")
    monkeypatch.setattr(mapping, "TBM_DIR", tmp_path)
    rows = len((TBM / "towers.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(TbmMappingError,
                       match=rf"towers.csv row {rows + 1}: the words phrase 'Co-Location'"):
        mapping.tower_rows()


def test_a_tower_name_outside_v5_is_refused(tmp_path, monkeypatch):
    (tmp_path / "towers.csv").write_text(
        "priority,category,words,tower,sub_tower,notes\n1,,,Platform,Middleware,v4 only\n",
        encoding="utf-8")
    monkeypatch.setattr(mapping, "TBM_DIR", tmp_path)
    with pytest.raises(TbmMappingError, match="row 2: tower 'Platform'"):
        mapping.tower_rows()


def test_phrases_match_whole_words_and_punctuation_is_a_space():
    simple, sim, coloc = _keys([
        dict(category="Telecom & network", vendor_canonical="BT", account_name="Telecoms",
             description="simple broadband"),
        dict(category="Telecom & network", vendor_canonical="BT", account_name="Telecoms",
             description="SIM-only plan"),
        dict(category="Cloud & hosting", vendor_canonical="Acme", account_name="IT",
             description="Co-Location, rack 4")])
    assert simple["tbm_sub_tower"] == "LAN/WAN & Connectivity"   # 'simple' is not 'sim'
    assert sim["tbm_sub_tower"] == "Mobile Devices"
    assert coloc["tbm_tower"] == "Data Center"


def test_phrases_in_other_languages_match_too(tmp_path, monkeypatch):
    (tmp_path / "towers.csv").write_text(
        "priority,category,words,tower,sub_tower,notes\n"
        "1,,sécurité informatique,Security,Security Operations & Tools,fr\n"
        "9,Software & SaaS,,Application,Business Applications,default\n", encoding="utf-8")
    for name in ("cost_pools.csv", "products.csv"):
        (tmp_path / name).write_text((TBM / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(mapping, "TBM_DIR", tmp_path)
    mapping.load_mapping.cache_clear()
    try:
        got = _one(category="Software & SaaS", vendor_canonical="Acme SAS",
                   account_name="Logiciels", description="Licence SÉCURITÉ-informatique 2026")
        assert got["tbm_tower"] == "Security"
    finally:
        mapping.load_mapping.cache_clear()
