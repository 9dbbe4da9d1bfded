"""The hand-written ground truth behind the sample company and the labelled accuracy ledger.

Nothing here is read from models/catalog/: the truth is written by hand from the product's
definitions (issue 3), and the vendor strings are the variants real statements carry, so a test
against this truth measures the classifier instead of echoing its own aliases.

Definitions applied
-------------------
* Technology = software, SaaS, cloud/hosting, IT services/outsourcing, hardware/devices, telecom.
  NOT technology, even when paid to a tech company: advertising media (Google Ads, Meta, LinkedIn
  ads, Microsoft Advertising), audit/tax, research subscriptions (Gartner), travel, office supplies,
  staffing agencies, general-goods marketplaces (Amazon marketplace).
* Each vendor carries one of four truths:
    "SoR"  technology, system of record (finance/ERP, payroll, HR, ITSM, identity/security,
           internal productivity and collaboration, internal analytics)
    "SoE"  technology, system of engagement (CRM, marketing automation, e-commerce, web/CMS,
           customer support and messaging, customer surveys, events)
    "DEPT" technology whose layer follows the BUYING department: shared infrastructure (cloud,
           hosting, devices, telecom, IT services) and tools of unknown purpose (Canva, Figma,
           ChatGPT...). A customer-facing department makes it SoE, any other SoR.
    "NOT"  not technology.
* it_owned = the buying department is part of the IT function (the department, not the name:
  "Digital Marketing" and "Transit Operations" are not IT; "Network Operations" is).

Worked example: AWS bought by "E-commerce" -> (is_tech=True, layer="SoE", it_owned=False);
the same AWS bill paid by "IT Infrastructure" -> (True, "SoR", True); Google Ads paid by
"Digital Marketing" -> (False, None, False); Gartner paid by "Office of the CIO" -> (False, None, True).

Stream notation
---------------
`streams` is a `;`-separated list of "DEPT CHANNEL CADENCE LO-HI [xN]":
DEPT a key of DEPARTMENTS, CHANNEL gl|ap|card (which export the spend lands in), CADENCE
w (weekly) | m (monthly) | q (quarterly) | a (annual) | an integer N (about N ad-hoc lines a year), LO-HI the
typical line value in GBP, xN = N lines per bill (sites, meters, linked accounts). Names prefixed "card:" are card-statement descriptors; the others are
invoice/legal names. `sample` names feed the sample company, `labelled` names the accuracy ledger
(deliberately different variants).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Departments
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Department:
    key: str
    cost_centre: str
    name: str                      # as the sample company writes it
    labelled_names: tuple[str, ...]  # as the labelled ledger writes it (case/spacing drift)
    is_it: bool
    customer_facing: bool


def _d(key, cc, name, labelled, is_it=False, cf=False):
    return Department(key, cc, name, tuple(labelled), is_it, cf)


DEPARTMENTS: dict[str, Department] = {
    d.key: d
    for d in [
        # IT function
        _d("CIO", "CC4000", "Office of the CIO", ["Office of the CIO", "OFFICE OF THE CIO", "Office Of The CIO"], is_it=True),
        _d("IT", "CC4100", "Information Technology", ["Information Technology", "INFORMATION TECHNOLOGY", "information technology", "Information  Technology "], is_it=True),
        _d("ITI", "CC4110", "IT Infrastructure", ["Network Operations", "NETWORK OPERATIONS", "Network operations "], is_it=True),
        _d("SD", "CC4120", "Service Desk", ["IT Service Desk", "IT SERVICE DESK", "It Service Desk"], is_it=True),
        _d("DT", "CC4200", "Digital & Technology", ["Digital & Technology", "Digital and Technology", "DIGITAL & TECHNOLOGY"], is_it=True),
        # customer-facing
        _d("MKT", "CC3100", "Marketing", ["Marketing", "MARKETING", "marketing"], cf=True),
        _d("DMK", "CC3110", "Digital Marketing", ["Digital Marketing", "DIGITAL MARKETING", "Digital  Marketing"], cf=True),
        _d("SAL", "CC3200", "Sales", ["Sales", "SALES", "Sales "], cf=True),
        _d("BD", "CC3210", "Business Development", ["Business Development", "BUSINESS DEVELOPMENT", "Business development"], cf=True),
        _d("CS", "CC3300", "Customer Success", ["Customer Success", "CUSTOMER SUCCESS", "Customer success"], cf=True),
        _d("CSV", "CC3310", "Customer Service", ["Customer Service", "CUSTOMER SERVICE", "Customer Services"], cf=True),
        _d("ECOM", "CC3400", "E-commerce", ["E-commerce", "Ecommerce", "E-Commerce"], cf=True),
        _d("COM", "CC3500", "Communications", ["Communications", "Corporate Communications", "COMMUNICATIONS"], cf=True),
        # internal, not IT
        _d("EXEC", "CC1000", "Executive Office", ["Executive Office", "EXECUTIVE OFFICE"]),
        _d("FIN", "CC2100", "Finance", ["Finance", "FINANCE", " Finance"]),
        _d("HR", "CC2200", "Human Resources", ["Human Resources", "HUMAN RESOURCES", "HR"]),
        _d("PAY", "CC2210", "Payroll", ["Payroll", "PAYROLL"]),
        _d("LEG", "CC2300", "Legal", ["Legal", "LEGAL"]),
        _d("PROC", "CC2400", "Procurement", ["Procurement", "Procurement ", "PROCUREMENT"]),
        _d("FAC", "CC2500", "Facilities", ["Facilities", "Facilities Management", "FACILITIES"]),
        _d("OPS", "CC5100", "Operations", ["Operations", "OPERATIONS"]),
        _d("TOPS", "CC5200", "Transit Operations", ["Transit Operations", "TRANSIT OPERATIONS", "Transit  Operations"]),
        _d("RES", "CC6100", "Research", ["Research", "RESEARCH", "Research & Insights"]),
        _d("PROD", "CC6200", "Product", ["Product", "Product Management", "PRODUCT"]),
    ]
}

# --------------------------------------------------------------------------------------------
# Categories: GL account, card MCC, description and memo templates
# --------------------------------------------------------------------------------------------

TECH_CATEGORIES = {"SW": "Software & SaaS", "CLOUD": "Cloud services", "HW": "Hardware",
                   "TEL": "Telecom", "ITS": "IT services"}

# category -> (account code, account name, card MCC)
CATEGORY_ACCOUNT: dict[str, tuple[str, str, str]] = {
    "SW": ("6400", "Software Subscriptions", "5734"),
    "CLOUD": ("6410", "Cloud Hosting", "7372"),
    "TEL": ("6420", "Telephone & Internet", "4814"),
    "HW": ("6430", "Computer Equipment", "5732"),
    "ITS": ("6440", "IT Support & Services", "7379"),
    "ADV": ("6100", "Advertising & Media", "7311"),
    "CONSULT": ("6150", "Consultancy & Agency Fees", "7392"),
    "EVENTS": ("6160", "Events & Conferences", "7399"),
    "RESEARCH": ("6190", "Market Research & Subscriptions", "5192"),
    "STAFF": ("5200", "Agency & Temporary Staff", "7361"),
    "BENEFITS": ("5300", "Staff Benefits", "6300"),
    "RENT": ("7000", "Rent & Service Charge", "6513"),
    "UTIL": ("7010", "Light, Heat & Power", "4900"),
    "INS": ("7020", "Insurance", "6300"),
    "CLEAN": ("7030", "Cleaning", "7349"),
    "FM": ("7040", "Facilities Management", "7349"),
    "AUDIT": ("7100", "Audit & Accountancy", "8931"),
    "LEGAL": ("7110", "Legal Fees", "8111"),
    "TRAVEL": ("7300", "Travel", "4511"),
    "HOTEL": ("7310", "Accommodation", "7011"),
    "MEALS": ("7320", "Subsistence & Meals", "5812"),
    "CATER": ("7330", "Catering & Hospitality", "5811"),
    "FUEL": ("7340", "Motor & Fuel", "5541"),
    "OFFICE": ("7400", "Office Supplies", "5111"),
    "MARKET": ("7410", "Sundry Purchases", "5999"),
    "COURIER": ("7420", "Postage & Courier", "4215"),
    "PRINT": ("7430", "Printing & Stationery", "2741"),
    "LOGISTICS": ("5100", "Subcontracted Logistics", "4214"),
    "FLEET": ("7350", "Vehicle Leasing", "7512"),
    "MEMB": ("7500", "Memberships & Professional Fees", "8699"),
}

# Non-IT buyers often book software to their own budget line, not "Software Subscriptions".
DEPT_OPEX_ACCOUNT: dict[str, tuple[str, str]] = {
    "MKT": ("6120", "Marketing Expenses"), "DMK": ("6120", "Marketing Expenses"),
    "COM": ("6120", "Marketing Expenses"), "SAL": ("6130", "Sales Expenses"),
    "BD": ("6130", "Sales Expenses"), "CS": ("6140", "Customer Support Costs"),
    "CSV": ("6140", "Customer Support Costs"), "HR": ("5310", "Recruitment & HR Costs"),
    "PAY": ("5310", "Recruitment & HR Costs"),
}
GENERAL_EXPENSES = ("7900", "General Expenses")

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "SW": ("{v} subscription {mon}", "{v} licences {mon}", "{v} - additional seats"),
    "CLOUD": ("{v} usage {mon}", "{v} consumption {mon}"),
    "TEL": ("{v} monthly bill {mon}", "Lines and data {mon}"),
    "HW": ("Laptops and peripherals", "Replacement devices", "Docking stations and monitors"),
    "ITS": ("Managed service {mon}", "Support retainer {mon}", "Professional services"),
    "ADV": ("{v} campaign spend {mon}", "Paid media {mon}"),
    "CONSULT": ("Agency retainer {mon}", "Campaign fees"),
    "EVENTS": ("Conference tickets", "Event venue hire"),
    "RESEARCH": ("Research subscription", "Market study {mon}"),
    "STAFF": ("Temporary staff w/e {day}", "Contractor timesheets {mon}"),
    "BENEFITS": ("Health cover {mon}",),
    "RENT": ("Office rent {mon}", "Rent and service charge {mon}"),
    "UTIL": ("Electricity {mon}", "Gas {mon}", "Water {mon}"),
    "INS": ("Insurance premium {mon}",),
    "CLEAN": ("Office cleaning {mon}",),
    "FM": ("Facilities services {mon}", "Security services {mon}"),
    "AUDIT": ("Audit fee", "Tax advisory", "Interim audit fieldwork"),
    "LEGAL": ("Legal advice", "Contract review"),
    "TRAVEL": ("Travel", "Client visit travel"),
    "HOTEL": ("Hotel", "Accommodation - client visit"),
    "MEALS": ("Team lunch", "Client meeting", "Meals"),
    "CATER": ("Office catering {mon}", "Event catering"),
    "FUEL": ("Fuel", "Vehicle fuel"),
    "OFFICE": ("Stationery", "Office supplies"),
    "MARKET": ("Office sundries", "Misc purchases"),
    "COURIER": ("Postage {mon}", "Courier charges"),
    "PRINT": ("Printing", "Brochures and flyers"),
    "LOGISTICS": ("Haulage w/e {day}", "Warehousing and haulage {mon}"),
    "FLEET": ("Vehicle lease {mon}",),
    "MEMB": ("Annual membership", "Professional subscription"),
}

CARD_MEMOS: dict[str, tuple[str, ...]] = {
    "SW": ("Software subscription", "Monthly plan", "Team seats", "Annual plan", ""),
    "CLOUD": ("Hosting", "Cloud usage", ""),
    "TEL": ("Mobile bill", "Phone", ""),
    "HW": ("Equipment", "Accessories", "Laptop for new starter"),
    "ITS": ("Support", ""),
    "ADV": ("Ad spend", "Campaign", "Paid social", ""),
    "EVENTS": ("Conference ticket", "Event", ""),
    "RESEARCH": ("Research subscription", "Reports", ""),
    "TRAVEL": ("Client visit", "Travel to office", "Train", "Taxi", ""),
    "HOTEL": ("Hotel - client visit", "Hotel", ""),
    "MEALS": ("Team lunch", "Client lunch", "Coffee with prospect", "Working dinner", ""),
    "CATER": ("Catering for workshop", "Team event", ""),
    "FUEL": ("Fuel", "Fleet vehicle fuel", ""),
    "OFFICE": ("Stationery", "Supplies", ""),
    "MARKET": ("Office supplies", "Cables and sundries", "Books", "Kitchen supplies", ""),
    "COURIER": ("Postage", "Courier", ""),
    "PRINT": ("Printing", "Business cards", ""),
    "MEMB": ("Membership", "Filing fee", ""),
    "RENT": ("Desk booking", "Meeting room", ""),
    "FM": ("Repairs", "Flowers for reception", ""),
    "STAFF": ("",), "AUDIT": ("",), "LEGAL": ("",), "CONSULT": ("",), "UTIL": ("",),
    "INS": ("",), "CLEAN": ("",), "BENEFITS": ("",),
}

# Vendors: sample_data/vendors.py (the table); truth() below applies the definitions
from sample_data.vendors import VENDORS, VENDORS_BY_KEY, Vendor  # noqa: E402,F401  (re-exported)


def truth(vendor: Vendor, dept_key: str) -> tuple[bool, str | None, bool]:
    """(is_tech, layer, it_owned) for a line of `vendor` bought by department `dept_key`."""
    dept = DEPARTMENTS[dept_key]
    if vendor.truth == "NOT":
        return False, None, dept.is_it
    if vendor.truth == "DEPT":
        return True, ("SoE" if dept.customer_facing else "SoR"), dept.is_it
    return True, vendor.truth, dept.is_it


def _check() -> None:
    """Fail loudly on a typo in the tables above (runs at import; cheap)."""
    keys = [v.key for v in VENDORS]
    assert len(keys) == len(set(keys)), "duplicate vendor key"
    for v in VENDORS:
        assert v.truth in {"SoR", "SoE", "DEPT", "NOT"}, v.key
        assert v.category in CATEGORY_ACCOUNT, v.key
        assert (v.truth == "NOT") == (v.category not in TECH_CATEGORIES), v.key
        assert v.sample and v.labelled and not set(v.sample) & set(v.labelled), v.key
        for stream in v.streams.split(";"):
            dept, channel, cadence, rng, *times = stream.split()
            assert dept in DEPARTMENTS and channel in {"gl", "ap", "card"}, (v.key, stream)
            assert cadence in {"w", "m", "q", "a"} or cadence.isdigit(), (v.key, stream)
            assert not times or re.fullmatch(r"x[2-9]", times[0]), (v.key, stream)
            lo, hi = (float(x) for x in rng.split("-"))
            assert 0 < lo <= hi, (v.key, stream)


_check()
