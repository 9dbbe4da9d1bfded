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

# --------------------------------------------------------------------------------------------
# Vendors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vendor:
    key: str                       # canonical name (for truth and counting only)
    truth: str                     # SoR | SoE | DEPT | NOT
    category: str                  # key of CATEGORY_ACCOUNT
    sample: tuple[str, ...]
    labelled: tuple[str, ...]
    streams: str
    currency: str = "GBP"          # invoice currency for gl/ap lines
    card_currency: str = "USD"     # card lines bill in USD, except a few European merchants (EUR)
    start: str = "2025-01"         # first month the vendor is paid (YYYY-MM)
    end: str = "2026-09"
    desc: tuple[str, ...] = ()     # description templates overriding the category's


def V(key, truth, category, sample, labelled, streams, **kw) -> Vendor:
    return Vendor(key, truth, category, tuple(sample), tuple(labelled), streams, **kw)


VENDORS: list[Vendor] = [
    # ---- systems of record -----------------------------------------------------------------
    V("Workday", "SoR", "SW", ["Workday Limited", "WORKDAY INC"], ["Workday Ltd.", "WORKDAY UK LTD"], "HR ap q 18000-22000; IT ap a 14000-15000"),
    V("BambooHR", "SoR", "SW", ["card:BAMBOOHR", "BambooHR LLC"], ["card:BAMBOO HR LINDON UT", "card:PAYPAL *BAMBOOHR"], "HR card m 450-520", end="2026-03"),
    V("HiBob", "SoR", "SW", ["Hibob Ltd"], ["HIBOB UK LTD"], "HR ap m 1400-1600", start="2026-04"),
    V("Personio", "SoR", "SW", ["Personio GmbH"], ["PERSONIO SE & CO. KG"], "HR ap m 900-1100", currency="EUR"),
    V("Xero", "SoR", "SW", ["card:XERO UK LTD", "Xero (UK) Ltd"], ["card:XERO.COM WELLINGTON", "card:XERO* UK SUBSCRIPTION"], "FIN card m 60-75; FIN gl m 180-200"),
    V("Sage Accounting", "SoR", "SW", ["Sage (UK) Limited", "SAGE UK LTD DD"], ["THE SAGE GROUP PLC", "Sage UK Ltd - Sage 50"], "FIN gl m 320-340; PAY gl m 150-160", desc=("Sage 50 Accounts {mon}", "Sage Payroll {mon}")),
    V("Oracle NetSuite", "SoR", "SW", ["Oracle NetSuite", "NETSUITE INC"], ["Oracle America Inc - NetSuite", "ORACLE*NETSUITE"], "FIN ap a 45000-52000; IT ap q 6000-7000", currency="USD"),
    V("Oracle Database", "SoR", "SW", ["Oracle Corporation UK Ltd"], ["ORACLE CORP UK LTD"], "IT ap a 38000-42000; ITI ap q 9000-11000", desc=("Database licence support", "Oracle support renewal")),
    V("SAP Concur", "SoR", "SW", ["SAP Concur", "CONCUR TECHNOLOGIES"], ["SAP Concur Technologies UK", "SAP CONCUR*EXPENSE"], "FIN ap m 1800-2200"),
    V("Coupa", "SoR", "SW", ["Coupa Software Inc"], ["COUPA SOFTWARE UK LTD"], "PROC ap q 12000-14000", currency="USD"),
    V("Expensify", "SoR", "SW", ["card:EXPENSIFY INC."], ["card:EXPENSIFY, INC. SAN FRANCISCO"], "FIN card m 90-140; SAL card m 40-60"),
    V("Dext", "SoR", "SW", ["card:DEXT PREPARE", "Dext Software Ltd"], ["card:DEXT.COM LONDON", "card:PAYPAL *DEXTSOFTWA"], "FIN card m 30-45"),
    V("Float", "SoR", "SW", ["card:FLOAT CASHFLOW"], ["card:FLOATAPP.COM"], "FIN card m 55-60"),
    V("Fathom", "SoR", "SW", ["card:FATHOM HQ"], ["card:FATHOMHQ.COM WELLINGTON"], "FIN card m 45-55"),
    V("ApprovalMax", "SoR", "SW", ["card:APPROVALMAX"], ["card:APPROVALMAX.COM"], "FIN card m 40-50", start="2025-07"),
    V("Pleo", "SoR", "SW", ["Pleo Technologies A/S"], ["PLEO.IO"], "FIN ap m 300-350", currency="EUR"),
    V("ADP", "SoR", "SW", ["ADP Ltd", "ADP PAYROLL SERVICES"], ["ADP (UK) LIMITED", "Automatic Data Processing Ltd"], "PAY ap m 5200-5800; HR ap q 1200-1500", desc=("Payroll processing {mon}",)),
    V("Gusto", "SoR", "SW", ["card:GUSTO*PAYROLL"], ["card:GUSTO.COM SAN FRANCISCO"], "PAY card m 240-280"),
    V("ServiceNow", "SoR", "SW", ["ServiceNow UK Ltd", "SERVICENOW INC"], ["ServiceNow Nederland B.V.", "SERVICE-NOW.COM"], "SD ap q 21000-24000; IT ap a 12000-12500"),
    V("Freshservice", "SoR", "SW", ["Freshworks Inc - Freshservice"], ["FRESHSERVICE FRESHWORKS"], "SD ap a 8000-9000"),
    V("TeamViewer", "SoR", "SW", ["TeamViewer Germany GmbH"], ["card:TEAMVIEWER GOPPINGEN"], "SD ap a 3000-3500", currency="EUR"),
    V("Atlassian", "SoR", "SW", ["card:ATLASSIAN SYDNEY", "Atlassian Pty Ltd"], ["card:ATLASSIAN.COM AMSTERDAM", "Atlassian Corporation Plc"], "IT ap m 3800-4200; PROD card m 300-900; DT card m 200-400; MKT card m 40-90", currency="USD"),
    V("Okta", "SoR", "SW", ["Okta UK Ltd"], ["OKTA INC SAN FRANCISCO"], "IT ap a 28000-30000"),
    V("1Password", "SoR", "SW", ["card:1PASSWORD", "AgileBits Inc"], ["card:1PASSWORD.COM TORONTO", "card:PADDLE.NET* 1PASSWORD"], "IT card m 160-200; FIN card m 20-30; LEG card m 20-30"),
    V("CrowdStrike", "SoR", "SW", ["CrowdStrike UK Ltd"], ["CROWDSTRIKE INC"], "ITI ap a 40000-45000"),
    V("Zscaler", "SoR", "SW", ["Zscaler Inc"], ["ZSCALER UK LTD"], "ITI ap a 25000-27000"),
    V("Sophos", "SoR", "SW", ["Sophos Ltd"], ["SOPHOS LIMITED ABINGDON"], "ITI ap a 11000-12000"),
    V("Mimecast", "SoR", "SW", ["Mimecast Services Ltd"], ["MIMECAST LTD"], "ITI ap q 3000-3500"),
    V("KnowBe4", "SoR", "SW", ["KnowBe4 Inc"], ["card:KNOWBE4 CLEARWATER FL"], "IT ap a 4000-4500; HR card a 300-600"),
    V("Jamf", "SoR", "SW", ["JAMF Software UK Ltd"], ["JAMF SOFTWARE LLC"], "SD ap a 9000-10000"),
    V("Microsoft 365", "SoR", "SW", ["Microsoft Ireland Operations Ltd", "card:MSFT *MICROSOFT 365"], ["Microsoft Ireland Operations Limited", "card:MICROSOFT*365 MSBILL.INFO"], "IT ap m 9000-9500; MKT card m 80-150; SAL card m 40-90", desc=("Microsoft 365 E3 {mon}", "M365 licences {mon}")),
    V("Google Workspace", "SoR", "SW", ["card:GOOGLE*GSUITE northwind.co.uk", "card:GOOGLE *Google Workspace"], ["card:GOOGLE *GSUITE_nwanalytics", "card:GOOGLE*WORKSPACE NORTHWIND"], "IT card m 1900-2100; MKT card m 12-60; CS card m 12-40"),
    V("Slack", "SoR", "SW", ["SLACK TECHNOLOGIES", "card:SLACK T0123ABCD"], ["Slack Technologies Ltd", "card:SLACK* T8HJ2K DUBLIN"], "IT ap q 6000-7000; MKT card m 100-200; SAL card m 80-160; PROD card m 100-250"),
    V("Zoom", "SoR", "SW", ["card:ZOOM.US 888-799-9666", "Zoom Video Communications Inc"], ["card:ZOOM.COM 888-799-9666 CA", "Zoom Video Communications UK Ltd"], "IT ap a 9000-10000; SAL card m 15-60; HR card m 15-30; BD card m 15-45; EXEC card m 15-20"),
    V("Notion", "SoR", "SW", ["card:PAYPAL *NOTION LABS", "Notion Labs Inc"], ["card:NOTION LABS, INC. SAN FRANCISCO", "card:PAYPAL *NOTIONLABS"], "PROD card m 80-200; MKT card m 10-40; DT card m 100-150"),
    V("Asana", "SoR", "SW", ["card:ASANA.COM"], ["card:ASANA INC SAN FRANCISCO"], "MKT card m 100-250; OPS card m 50-120"),
    V("Monday.com", "SoR", "SW", ["card:MONDAY.COM"], ["card:MONDAY.COM TEL AVIV"], "OPS card m 80-200; TOPS card m 50-100"),
    V("Miro", "SoR", "SW", ["card:MIRO.COM", "RealtimeBoard Inc"], ["card:MIRO*REALTIMEBOARD"], "PROD card m 60-160; DT card m 40-80"),
    V("Dropbox", "SoR", "SW", ["card:DROPBOX*4JH6", "Dropbox International Unlimited Company"], ["card:DROPBOX*ZQ81B2 DUBLIN"], "LEG card m 20-60; MKT card m 20-60; FAC card m 12-25"),
    V("Box", "SoR", "SW", ["Box.com (UK) Ltd"], ["BOX, INC."], "IT ap a 14000-16000"),
    V("DocuSign", "SoR", "SW", ["DocuSign UK Ltd", "card:DOCUSIGN INC"], ["DOCUSIGN INTERNATIONAL (EMEA)", "card:DOCUSIGN* ESIGNATURE"], "LEG ap a 6000-7000; SAL card m 40-120; HR card m 30-60"),
    V("Tableau", "SoR", "SW", ["Tableau Software", "card:TABLEAU"], ["Tableau Software LLC"], "FIN ap a 8000-9000; RES card m 60-80"),
    V("Qlik", "SoR", "SW", ["QlikTech UK Ltd"], ["QLIK TECHNOLOGIES"], "OPS ap a 12000-13000"),
    V("Snowflake", "SoR", "SW", ["Snowflake Computing UK Ltd"], ["SNOWFLAKE INC."], "DT ap m 3000-6000; RES ap q 2000-4000", currency="USD"),
    V("Lucidchart", "SoR", "SW", ["card:LUCIDCHART"], ["card:LUCID SOFTWARE INC"], "IT card m 40-60; OPS card m 10-30"),
    V("Smartsheet", "SoR", "SW", ["card:SMARTSHEET INC"], ["card:SMARTSHEET.COM BELLEVUE"], "PROC card m 50-120; TOPS card m 40-90"),
    V("Greenhouse", "SoR", "SW", ["Greenhouse Software Inc"], ["GREENHOUSE SOFTWARE"], "HR ap a 14000-16000", currency="USD"),
    V("Lattice", "SoR", "SW", ["card:LATTICE HQ"], ["card:LATTICE.COM SAN FRANCISCO"], "HR card m 300-400", start="2025-06"),
    V("Culture Amp", "SoR", "SW", ["Culture Amp Ltd"], ["CULTUREAMP PTY"], "HR ap a 7000-8000"),
    V("LinkedIn Learning", "SoR", "SW", ["card:LINKEDIN LEARNING", "LinkedIn Ireland - Learning"], ["card:LNKD*LEARNING 8AB2", "card:LINKEDIN LRN* P8K2"], "HR ap a 9000-10000; SD card m 30-40; DT card m 30-40"),
    # ---- systems of engagement -------------------------------------------------------------
    V("Salesforce", "SoE", "SW", ["SALESFORCE.COM INC", "Salesforce UK Ltd", "card:SALESFORCE.COM SAN FRANCISCO"], ["salesforce.com EMEA Limited", "Salesforce, Inc.", "card:SFDC SALESFORCE 800-667-6389"], "SAL ap m 12000-16000; IT ap q 4000-6000; CS card m 300-900; BD card m 75-300"),
    V("HubSpot", "SoE", "SW", ["HubSpot Ireland Ltd", "card:HUBSPOT INC"], ["card:HUBSPOT.COM CAMBRIDGE MA", "HubSpot, Inc."], "MKT card m 700-900; DMK card m 300-500; IT ap a 9000-10000; SAL card m 100-200"),
    V("Mailchimp", "SoE", "SW", ["card:MAILCHIMP *MONTHLY", "card:INTUIT *MAILCHIMP"], ["card:MC *MAILCHIMP ATLANTA", "card:MAILCHIMP.COM"], "MKT card m 200-350; DMK card m 80-200; COM card m 40-80"),
    V("Marketo", "SoE", "SW", ["Adobe Systems Software Ireland Ltd - Marketo"], ["MARKETO ENGAGE ADOBE"], "DMK ap a 30000-34000"),
    V("Zendesk", "SoE", "SW", ["Zendesk Inc", "card:ZENDESK.COM"], ["ZENDESK INTERNATIONAL LTD", "card:ZENDESK* SUPPORT"], "CSV ap m 2500-3000; CS card m 200-400"),
    V("Intercom", "SoE", "SW", ["card:INTERCOM INC"], ["card:INTERCOM.IO DUBLIN"], "CS card m 500-900; ECOM card m 100-200"),
    V("Freshdesk", "SoE", "SW", ["Freshworks Inc - Freshdesk"], ["card:FRESHDESK FRESHWORKS INC"], "CSV ap q 1500-1800"),
    V("Shopify", "SoE", "SW", ["card:SHOPIFY* 12345678", "Shopify International Ltd"], ["card:SHOPIFY *INV 88213", "card:SHOPIFY PLUS"], "ECOM card m 3000-4000; ECOM ap a 24000-25000"),
    V("WP Engine", "SoE", "SW", ["card:WPENGINE.COM"], ["card:WP ENGINE INC AUSTIN"], "MKT card m 250-300; DT card m 250-300"),
    V("Squarespace", "SoE", "SW", ["card:SQSP* WEBSITE", "card:SQUARESPACE INC."], ["card:SQSP* INV12345", "card:SQUARESPACE.COM NY"], "COM card a 200-300; BD card a 150-250"),
    V("Webflow", "SoE", "SW", ["card:WEBFLOW.COM"], ["card:WEBFLOW INC SF"], "DMK card m 40-250"),
    V("Contentful", "SoE", "SW", ["Contentful GmbH"], ["CONTENTFUL GMBH BERLIN"], "DT ap q 6000-7000", currency="EUR"),
    V("Hootsuite", "SoE", "SW", ["card:HOOTSUITE MEDIA"], ["card:HOOTSUITE INC VANCOUVER"], "COM card m 90-120; MKT card m 90-120"),
    V("Sprout Social", "SoE", "SW", ["card:SPROUT SOCIAL"], ["card:SPROUTSOCIAL.COM"], "DMK card m 250-300", start="2025-09"),
    V("Buffer", "SoE", "SW", ["card:BUFFER PUBLISH"], ["card:BUFFER.COM"], "COM card m 12-30"),
    V("Brevo", "SoE", "SW", ["card:SENDINBLUE"], ["card:BREVO PARIS"], "COM card m 25-60", card_currency="EUR"),
    V("SurveyMonkey", "SoE", "SW", ["card:SURVEYMONKEY", "card:MOMENTIVE*SURVEYMONKEY"], ["card:SVMK*SURVEYMONKEY", "card:SURVEYMONKEY.COM"], "CS card a 300-400; MKT card m 30-40"),
    V("Typeform", "SoE", "SW", ["card:TYPEFORM SL"], ["card:TYPEFORM.COM BARCELONA"], "MKT card m 50-80; PROD card m 30-50", card_currency="EUR"),
    V("Qualtrics", "SoE", "SW", ["Qualtrics UK Ltd"], ["QUALTRICS LLC"], "RES ap a 20000-24000"),
    V("Eventbrite", "SoE", "SW", ["card:EVENTBRITE"], ["card:EB *NORTHWIND SUMMIT"], "MKT card 6 50-600; COM card 4 30-300"),
    V("Cvent", "SoE", "SW", ["Cvent Inc"], ["CVENT EUROPE LTD"], "MKT ap a 18000-20000"),
    V("ZoomInfo", "SoE", "SW", ["ZoomInfo Technologies LLC", "card:ZOOMINFO"], ["ZOOMINFO TECH LLC", "DiscoverOrg (ZoomInfo)"], "SAL ap a 24000-26000; BD card m 300-450"),
    V("LinkedIn Sales Navigator", "SoE", "SW", ["card:LINKEDIN SALES NAV", "card:LNKD*SALESNAV"], ["card:LINKEDIN *SALES NAVIGATOR", "card:LNKD.IN*SN 7GH2"], "SAL card m 80-700; BD card m 80-160"),
    V("Gong", "SoE", "SW", ["Gong.io Ltd"], ["GONG IO INC"], "SAL ap a 30000-34000", start="2025-10"),
    V("Outreach", "SoE", "SW", ["Outreach Corporation"], ["OUTREACH.IO SEATTLE"], "SAL ap a 18000-20000"),
    V("Drift", "SoE", "SW", ["card:DRIFT.COM"], ["card:SALESLOFT DRIFT"], "SAL card m 400-500"),
    V("Apollo.io", "SoE", "SW", ["card:APOLLO.IO"], ["card:APOLLO IO SAN FRANCISCO"], "BD card m 80-300; SAL card m 50-150", start="2026-01"),
    V("Pipedrive", "SoE", "SW", ["card:PIPEDRIVE"], ["card:PIPEDRIVE OU TALLINN"], "BD card m 30-120", card_currency="EUR"),
    V("Clay", "SoE", "SW", ["card:CLAY LABS"], ["card:CLAY.COM NEW YORK"], "SAL card m 150-800", start="2026-07"),
    V("Twilio", "SoE", "SW", ["card:TWILIO INC", "Twilio Ireland Ltd"], ["card:TWILIO *SENDGRID", "card:TWILIO SMS 877-487-9266"], "CSV card m 200-600; ECOM card m 100-300; DT card m 50-200"),
    V("Semrush", "SoE", "SW", ["card:SEMRUSH"], ["card:SEMRUSH INC BOSTON"], "DMK card m 100-420"),
    V("Hotjar", "SoE", "SW", ["card:HOTJAR LTD"], ["card:HOTJAR.COM MALTA"], "DMK card m 80-100; ECOM card m 30-80", card_currency="EUR"),
    V("Unbounce", "SoE", "SW", ["card:UNBOUNCE"], ["card:UNBOUNCE MARKETING SOLUTIONS"], "DMK card m 90-150"),
    V("Optimizely", "SoE", "SW", ["Optimizely Ltd"], ["OPTIMIZELY INC"], "ECOM ap a 25000-28000"),
    V("Klaviyo", "SoE", "SW", ["card:KLAVIYO INC"], ["card:KLAVIYO.COM BOSTON"], "ECOM card m 300-700", start="2025-04"),
    V("Gorgias", "SoE", "SW", ["card:GORGIAS"], ["card:GORGIAS INC"], "ECOM card m 300-400", start="2026-07"),
    V("Trustpilot", "SoE", "SW", ["Trustpilot A/S"], ["TRUSTPILOT LTD"], "CS ap q 2000-2500; MKT ap a 3000-4000"),
    # ---- shared infrastructure and tools of unknown purpose: layer follows the buyer -------
    V("AWS", "DEPT", "CLOUD", ["Amazon Web Services EMEA SARL", "card:AWS EMEA aws.amazon.co"], ["AMAZON WEB SERVICES EMEA S.A.R.L.", "card:AMAZON WEB SERVICES AWS.AMAZON.CO WA"], "ITI gl m 2500-4500 x4; DT gl m 2000-5000; ECOM card m 2500-6000; PROD card m 600-2000; RES card m 100-600", currency="USD"),
    V("Microsoft Azure", "DEPT", "CLOUD", ["Microsoft Azure", "card:MSFT *AZURE"], ["Microsoft Azure - MS Ireland", "card:MICROSOFT*AZURE MSBILL.INFO"], "ITI gl m 2000-4500 x3; ECOM card m 800-2000; RES card m 200-800", desc=("Azure consumption {mon}",)),
    V("Google Cloud", "DEPT", "CLOUD", ["Google Cloud EMEA Ltd", "card:GOOGLE *CLOUD 3F7A2B"], ["GOOGLE CLOUD EMEA LIMITED", "card:GOOGLE*CLOUD_A8K2QZ"], "DT gl m 1500-3500; RES card m 100-500; ECOM card m 100-400"),
    V("DigitalOcean", "DEPT", "CLOUD", ["card:DIGITALOCEAN.COM"], ["card:DIGITALOCEAN NEW YORK"], "PROD card m 40-200; MKT card m 12-40"),
    V("Cloudflare", "DEPT", "CLOUD", ["card:CLOUDFLARE"], ["card:CLOUDFLARE INC SAN FRANCISCO"], "ITI card m 200-260; ECOM card m 20-200"),
    V("Heroku", "DEPT", "CLOUD", ["card:HEROKU"], ["card:HEROKU* SALESFORCE"], "PROD card m 50-250"),
    V("Vercel", "DEPT", "CLOUD", ["card:VERCEL INC"], ["card:VERCEL.COM"], "ECOM card m 20-150; DMK card m 20-60"),
    V("Rackspace", "DEPT", "CLOUD", ["Rackspace Ltd"], ["RACKSPACE TECHNOLOGY"], "ITI ap m 7000-8000"),
    V("Equinix", "DEPT", "CLOUD", ["Equinix (UK) Ltd"], ["EQUINIX UK LTD"], "ITI gl m 5100-5300", desc=("Colocation {mon}",)),
    V("IONOS", "DEPT", "CLOUD", ["card:IONOS CLOUD"], ["card:1&1 IONOS"], "COM card m 5-30; MKT card m 5-15"),
    V("GoDaddy", "DEPT", "CLOUD", ["card:GODADDY.COM"], ["card:DNH*GODADDY.COM"], "DMK card a 20-200; IT card a 100-300"),
    V("Namecheap", "DEPT", "CLOUD", ["card:NAMECHEAP"], ["card:NAMECHEAP.COM"], "ECOM card a 10-60"),
    V("Datadog", "DEPT", "SW", ["Datadog Inc"], ["DATADOG, INC."], "ITI ap m 2500-3500; DT ap m 800-1200", currency="USD"),
    V("GitHub", "DEPT", "SW", ["card:GITHUB INC", "GitHub Inc"], ["card:GITHUB.COM 8AB2C", "card:GH *GITHUB"], "DT card m 400-600; PROD card m 40-120; RES card m 20-60"),
    V("Adobe Creative Cloud", "DEPT", "SW", ["card:ADOBE *CREATIVE CLOUD", "card:ADOBE *ADOBE.LY/ENUS"], ["card:ADOBE INC. 800-833-6687", "card:ADOBE  *CREATIVE CLD"], "MKT card m 200-400; COM card m 60-120; DMK card m 60-120; IT ap a 12000-13000"),
    V("Canva", "DEPT", "SW", ["card:CANVA* 02837-4455", "card:PAYPAL *CANVA"], ["card:CANVA PTY LTD SURRY HILLS", "card:CANVA* I04-123"], "MKT card m 10-110; COM card m 10-30; HR card m 10-15; SAL card m 10-15"),
    V("Figma", "DEPT", "SW", ["card:FIGMA"], ["card:FIGMA INC SAN FRANCISCO"], "PROD card m 150-300; DMK card m 15-45; DT card m 50-100"),
    V("Loom", "DEPT", "SW", ["card:LOOM INC"], ["card:LOOM.COM"], "SAL card m 15-60; CS card m 15-40"),
    V("Calendly", "DEPT", "SW", ["card:CALENDLY"], ["card:CALENDLY LLC ATLANTA"], "SAL card m 10-80; CS card m 10-40; HR card m 10-12"),
    V("Zapier", "DEPT", "SW", ["card:ZAPIER.COM"], ["card:ZAPIER INC"], "OPS card m 20-70; MKT card m 20-70"),
    V("Airtable", "DEPT", "SW", ["card:AIRTABLE.COM"], ["card:AIRTABLE SAN FRANCISCO"], "OPS card m 20-100; MKT card m 20-60; TOPS card m 20-60"),
    V("Grammarly", "DEPT", "SW", ["card:GRAMMARLY"], ["card:GRAMMARLY INC"], "COM card m 12-30; LEG card m 12-15"),
    V("OpenAI", "DEPT", "SW", ["card:OPENAI *CHATGPT SUBSCR"], ["card:OPENAI SAN FRANCISCO", "card:CHATGPT SUBSCRIPTION OPENAI"], "MKT card m 20-60; SAL card m 20-80; FIN card m 20-22; PROD card m 40-400; LEG card m 20-22", start="2025-06"),
    V("Anthropic", "DEPT", "SW", ["card:ANTHROPIC"], ["card:CLAUDE.AI SUBSCRIPTION"], "PROD card m 20-200; RES card m 20-100", start="2026-04"),
    V("Cursor", "DEPT", "SW", ["card:CURSOR USAGE"], ["card:CURSOR, AI POWERED IDE"], "DT card m 20-400", start="2026-07"),
    V("Perplexity", "DEPT", "SW", ["card:PERPLEXITY.AI"], ["card:PERPLEXITY AI INC"], "RES card m 20-40; BD card m 20-22", start="2026-07"),
    V("Gamma", "DEPT", "SW", ["card:GAMMA.APP"], ["card:GAMMA TECH INC"], "SAL card m 15-40; MKT card m 15-20", start="2026-07"),
    V("Apple", "DEPT", "HW", ["Apple Distribution International", "card:APPLE STORE R245"], ["APPLE (UK) LIMITED", "card:APPLE ONLINE STORE 0800 048 0408", "card:APPLE.COM/BILL 800-275-2273"], "SD ap 6 2000-12000; MKT card 3 800-2500; EXEC card 2 1000-3000; PROD card 2 1200-2500"),
    V("Dell", "DEPT", "HW", ["Dell Corporation Ltd"], ["DELL TECHNOLOGIES UK", "card:DELL MARKETING L.P."], "SD ap 8 3000-25000"),
    V("Lenovo", "DEPT", "HW", ["Lenovo Technology UK Ltd"], ["LENOVO (UNITED KINGDOM) LTD"], "SD ap 4 5000-18000"),
    V("HP", "DEPT", "HW", ["HP Inc UK Ltd"], ["HEWLETT-PACKARD LTD"], "FAC ap 2 400-2000; SD ap 3 1000-6000"),
    V("Logitech", "DEPT", "HW", ["card:LOGITECH"], ["card:LOGITECH EUROPE"], "SD card 4 50-400"),
    V("Cisco", "DEPT", "HW", ["Cisco International Ltd"], ["CISCO SYSTEMS"], "ITI ap a 22000-24000"),
    V("CDW", "DEPT", "HW", ["CDW Ltd"], ["CDW UK LTD"], "ITI ap 6 2000-15000; SD ap 6 500-4000"),
    V("Softcat", "DEPT", "ITS", ["Softcat plc"], ["SOFTCAT LIMITED"], "IT ap 6 3000-20000; ITI ap 4 2000-8000"),
    V("Insight", "DEPT", "ITS", ["Insight Direct (UK) Ltd"], ["INSIGHT DIRECT UK"], "IT ap 4 2000-9000"),
    V("Computacenter", "DEPT", "ITS", ["Computacenter (UK) Ltd"], ["COMPUTACENTER UK"], "ITI ap q 15000-20000; SD ap m 6000-7000"),
    V("Accenture", "DEPT", "ITS", ["Accenture (UK) Ltd"], ["ACCENTURE UK LIMITED"], "CIO ap q 25000-35000", desc=("Managed service - application support", "Application management services Q")),
    V("Littlefish", "DEPT", "ITS", ["Littlefish (UK) Ltd"], ["LITTLEFISH UK"], "SD ap m 4000-4500"),
    V("BT", "DEPT", "TEL", ["BT Business", "BRITISH TELECOMMUNICATIONS PLC"], ["BT GROUP PLC", "card:BT BUSINESS DIRECT"], "ITI gl m 1200-1600 x3; FAC gl m 100-150 x3; CSV gl m 800-1100 x2"),
    V("Vodafone", "DEPT", "TEL", ["Vodafone Ltd", "card:VODAFONE UK"], ["VODAFONE LIMITED NEWBURY"], "IT gl m 1400-1600 x2; SAL card m 60-120"),
    V("EE", "DEPT", "TEL", ["card:EE LIMITED", "EE Ltd"], ["card:EE MOBILE BILL"], "OPS gl m 300-500 x2; TOPS gl m 400-700 x3"),
    V("O2", "DEPT", "TEL", ["Telefonica UK Ltd"], ["card:O2 UK BILL PAYMENT", "TELEFONICA UK LIMITED"], "BD gl m 150-250; EXEC gl m 100-150"),
    V("Verizon", "DEPT", "TEL", ["card:VERIZON WRLS 04512-01", "card:VZWRLSS*APOCC VISB"], ["card:VERIZON WIRELESS 800-922-0204"], "SAL card m 200-400; BD card m 100-200"),
    V("Virgin Media Business", "DEPT", "TEL", ["Virgin Media Business Ltd"], ["VIRGIN MEDIA BUSINESS"], "FAC gl m 600-700"),
    V("RingCentral", "DEPT", "TEL", ["RingCentral UK Ltd"], ["RINGCENTRAL INC"], "CSV ap m 1800-2200; SAL card m 40-200"),
    V("8x8", "DEPT", "TEL", ["8x8 UK Ltd"], ["8X8 INC"], "CSV gl m 1200-1500"),
    # ---- not technology (incl. look-alikes) ------------------------------------------------
    V("Google Ads", "NOT", "ADV", ["card:GOOGLE *ADS8473", "card:GOOGLE *ADS2217"], ["card:GOOGLE*ADS2041-5522-88", "card:GOOGLE ADS 1234567890"], "DMK card m 30000-50000; MKT card m 8000-15000; ECOM card m 5000-12000"),
    V("Google Ads (invoiced)", "NOT", "ADV", ["Google Ireland Ltd"], ["Google Ireland Limited"], "MKT ap m 60000-90000", desc=("Google Ads {mon}", "Google Ads - search campaigns {mon}")),
    V("Microsoft Advertising", "NOT", "ADV", ["card:MICROSOFT*ADVERTISING", "card:MSFT *BING ADS"], ["card:MICROSOFT ADVERTISING MSBILL.INFO", "card:MSFT * ADVERTISING 2F8"], "DMK card m 800-2500"),
    V("Meta Ads", "NOT", "ADV", ["card:FACEBK *ADS 4J8K2", "card:META ADS"], ["card:FACEBK *Z8PX2KQ9A2", "card:FB.ME/ADS"], "DMK card m 12000-25000; MKT card m 3000-6000"),
    V("LinkedIn Ads", "NOT", "ADV", ["card:LINKEDIN ADS", "card:LNKD*ADS 9J2B"], ["card:LINKEDIN *ADS 2E4F", "card:LNKD.IN*ADVERTISING"], "MKT card m 6000-12000; HR card m 800-2500"),
    V("TikTok Ads", "NOT", "ADV", ["card:TIKTOK ADS"], ["card:TIKTOK.COM/ADS"], "DMK card m 500-1500", start="2025-09"),
    V("Amazon Marketplace", "NOT", "MARKET", ["card:AMZN Mktp UK*2K4L1", "card:AMAZON.CO.UK*RT5YB"], ["card:AMZN MKTP US*2X9KL", "card:AMAZON MARKETPLACE AMZN.COM/BILL", "card:Amazon.com*MK4D21"], "FAC card 20 15-400; OPS card 12 15-300; MKT card 8 15-200; SD card 10 15-150; HR card 4 15-100; EXEC card 4 15-100"),
    V("Amazon Business", "NOT", "MARKET", ["Amazon Business EU SARL"], ["AMAZON BUSINESS UK"], "FAC ap 8 100-1500"),
    V("Gartner", "NOT", "RESEARCH", ["Gartner UK Ltd", "card:GARTNER INC"], ["GARTNER INC STAMFORD", "GARTNER UK LIMITED"], "CIO ap a 45000-55000; RES ap a 20000-25000"),
    V("Forrester", "NOT", "RESEARCH", ["Forrester Research BV"], ["FORRESTER RESEARCH INC"], "MKT ap a 15000-18000", currency="EUR"),
    V("Kantar", "NOT", "RESEARCH", ["Kantar UK Ltd"], ["KANTAR MEDIA"], "RES ap q 8000-12000; MKT ap a 15000-20000"),
    V("YouGov", "NOT", "RESEARCH", ["YouGov plc"], ["YOUGOV PLC"], "RES ap 2 5000-12000"),
    V("Statista", "NOT", "RESEARCH", ["card:STATISTA GMBH"], ["card:STATISTA.COM HAMBURG"], "MKT card a 1500-2000; RES card a 1500-2000", card_currency="EUR"),
    V("The Economist", "NOT", "RESEARCH", ["card:THE ECONOMIST SUBS"], ["card:ECONOMIST.COM"], "EXEC card a 200-300; RES card a 200-300"),
    V("Financial Times", "NOT", "RESEARCH", ["card:FT.COM SUBSCRIPTION"], ["card:FINANCIAL TIMES LTD"], "FIN card m 50-60; EXEC card m 50-60"),
    V("Deloitte", "NOT", "AUDIT", ["Deloitte LLP"], ["DELOITTE LLP LONDON"], "FIN ap q 40000-70000"),
    V("PwC", "NOT", "AUDIT", ["PricewaterhouseCoopers LLP"], ["PWC LLP"], "FIN ap 3 5000-15000"),
    V("BDO", "NOT", "AUDIT", ["BDO LLP"], ["BDO UK LLP"], "PAY ap a 8000-9000"),
    V("Robert Half", "NOT", "STAFF", ["Robert Half Ltd"], ["ROBERT HALF INTERNATIONAL"], "FIN ap w 2000-4000"),
    V("Hays", "NOT", "STAFF", ["Hays Specialist Recruitment Ltd"], ["HAYS PLC"], "IT ap w 3000-6000; ITI ap w 2000-4000; HR ap q 4000-8000"),
    V("Harvey Nash", "NOT", "STAFF", ["Harvey Nash plc"], ["HARVEY NASH IT RECRUITMENT"], "IT ap q 10000-20000"),
    V("Reed", "NOT", "STAFF", ["Reed Specialist Recruitment Ltd"], ["REED.CO.UK"], "CSV ap w 4000-7000; OPS ap w 2500-5000"),
    V("Michael Page", "NOT", "STAFF", ["Michael Page International"], ["PAGE PERSONNEL"], "SAL ap q 8000-15000"),
    V("Adecco", "NOT", "STAFF", ["Adecco UK Ltd"], ["ADECCO UK"], "TOPS ap w 6000-9000"),
    V("Oracle Cleaning Services", "NOT", "CLEAN", ["Oracle Cleaning Services Ltd"], ["ORACLE CLEANING SERVICES", "Oracle Cleaning Svcs"], "FAC ap m 2800-3200 x3"),
    V("Apple Leisure Group", "NOT", "TRAVEL", ["card:APPLE LEISURE GROUP"], ["card:APPLE LEISURE GRP", "card:ALG VACATIONS*APPLE LEISURE"], "SAL card 4 800-3000; EXEC card 2 1000-4000"),
    V("Sage Hospitality", "NOT", "HOTEL", ["card:SAGE HOSPITALITY DENVER"], ["card:SAGE HOSPITALITY GROUP", "card:SAGE HOSP *THE CRAWFORD"], "SAL card 6 200-900; BD card 4 200-700; MKT card 2 300-800"),
    V("Cloud Nine Catering", "NOT", "CATER", ["Cloud 9 Catering Ltd"], ["card:CLOUD NINE CATERING"], "HR card 4 100-600; FAC ap 4 200-900"),
    V("Digital Print Solutions", "NOT", "PRINT", ["Digital Print Solutions Ltd"], ["DIGITAL PRINT SOLUTIONS"], "MKT ap 6 200-1500"),
    V("Web Summit", "NOT", "EVENTS", ["card:WEB SUMMIT"], ["card:WEBSUMMIT.COM"], "BD card a 800-2000; MKT card a 800-2000"),
    V("SaaStr", "NOT", "EVENTS", ["card:SAASTR INC"], ["card:SAASTR ANNUAL 2026"], "SAL card a 900-1500"),
    V("ExCeL London", "NOT", "EVENTS", ["ExCeL London Ltd"], ["EXCEL LONDON"], "MKT ap a 30000-40000"),
    V("Network Rail", "NOT", "TRAVEL", ["card:NETWORK RAIL CAR PARK"], ["card:NETWORKRAIL PARKING"], "TOPS card 6 5-40"),
    V("British Airways", "NOT", "TRAVEL", ["card:BRITISH AIRWAYS 1252189"], ["card:BRITISH A 1257391234567", "card:BA.COM"], "SAL card 10 150-1200; EXEC card 6 400-3000; BD card 8 150-900; CS card 4 150-700"),
    V("easyJet", "NOT", "TRAVEL", ["card:EASYJET 000ABC12"], ["card:EASYJET AIRLINE CO"], "OPS card 6 40-250; TOPS card 4 40-200; MKT card 4 40-200"),
    V("Eurostar", "NOT", "TRAVEL", ["card:EUROSTAR INTERNATIONAL"], ["card:EUROSTAR.COM"], "SAL card 4 120-400; LEG card 2 120-400", card_currency="EUR"),
    V("Trainline", "NOT", "TRAVEL", ["card:TRAINLINE.COM"], ["card:TRAINLINE *1L2K3J"], "SAL card 20 20-250; CS card 10 20-200; FIN card 6 20-150; HR card 6 20-150; OPS card 10 20-200; TOPS card 10 20-150; RES card 4 20-150; PROD card 4 20-150; IT card 6 20-200; SD card 4 20-120"),
    V("Uber", "NOT", "TRAVEL", ["card:UBER *TRIP", "card:UBER* TRIP HELP.UBER.COM"], ["card:UBER BV *TRIP", "card:UBER *EATS"], "SAL card 20 8-60; BD card 12 8-60; EXEC card 10 10-80; MKT card 8 8-50; IT card 6 8-40"),
    V("TfL", "NOT", "TRAVEL", ["card:TFL TRAVEL CH"], ["card:TFL.GOV.UK/CP"], "CSV card 10 5-40; HR card 6 5-30; TOPS card 10 5-30"),
    V("Addison Lee", "NOT", "TRAVEL", ["Addison Lee Ltd"], ["card:ADDISON LEE LONDON"], "EXEC ap m 800-1500"),
    V("Premier Inn", "NOT", "HOTEL", ["card:PREMIER INN 44031"], ["card:PREMIER INN HOTELS"], "OPS card 8 60-180; TOPS card 8 60-180; SD card 4 60-150; ITI card 4 60-150"),
    V("Hilton", "NOT", "HOTEL", ["card:HILTON HOTELS LONDON"], ["card:HILTON GARDEN INN NYC"], "SAL card 8 150-600; BD card 6 150-600"),
    V("Marriott", "NOT", "HOTEL", ["card:MARRIOTT 33713 LONDON"], ["card:COURTYARD BY MARRIOTT"], "EXEC card 4 200-900; CS card 4 150-400"),
    V("Airbnb", "NOT", "HOTEL", ["card:AIRBNB * HMQ8K2"], ["card:AIRBNB* HM4D9XQ"], "RES card 3 300-1500; PROD card 2 300-1200"),
    V("Booking.com", "NOT", "HOTEL", ["card:BOOKING.COM HOTEL"], ["card:HOTEL AT BOOKING.COM"], "MKT card 4 100-400; COM card 3 100-300"),
    V("Pret A Manger", "NOT", "MEALS", ["card:PRET A MANGER 0123"], ["card:PRET A MANGER LONDON"], "SAL card 20 5-60; MKT card 12 5-60; IT card 10 5-40; HR card 6 5-40; FIN card 6 5-30; CS card 8 5-40"),
    V("Starbucks", "NOT", "MEALS", ["card:STARBUCKS STORE 12345"], ["card:STARBUCKS 03412 SEATTLE"], "SAL card 15 4-40; BD card 10 4-40; PROD card 6 4-30"),
    V("Acme Coffee", "NOT", "MEALS", ["card:SQ *ACME COFFEE"], ["card:SQ *GRIND COFFEE BAR", "card:SQ *THE BREW ROOM"], "DT card 12 4-30; PROD card 12 4-30; MKT card 10 4-30; CIO card 4 4-20"),
    V("Caffe Nero", "NOT", "MEALS", ["Caffè Nero Group Ltd"], ["card:CAFFE NERO 0456"], "EXEC gl m 150-300"),
    V("Deliveroo", "NOT", "MEALS", ["card:DELIVEROO.CO.UK"], ["card:DELIVEROO LONDON"], "OPS card 10 20-250; SD card 6 20-120; IT card 6 20-150"),
    V("Dishoom", "NOT", "MEALS", ["card:DISHOOM SHOREDITCH"], ["card:DISHOOM KINGS CROSS"], "SAL card 4 120-600; EXEC card 2 150-500"),
    V("Compass Group", "NOT", "CATER", ["Compass Group UK & Ireland Ltd"], ["COMPASS CONTRACT SERVICES UK"], "FAC ap m 9000-12000 x2"),
    V("Caterwings", "NOT", "CATER", ["card:CATERWINGS LTD"], ["card:CATERWINGS.CO.UK"], "HR card 6 150-900; MKT card 4 150-900"),
    V("Landsec", "NOT", "RENT", ["Landsec Property Ltd"], ["LAND SECURITIES PROPERTIES LTD"], "FAC gl m 85000-85000; FAC gl m 21000-21000", desc=("Office rent {mon}",)),
    V("Great Portland Estates", "NOT", "RENT", ["Great Portland Estates plc"], ["GPE (GREAT PORTLAND) LTD"], "FAC gl q 42000-42000", desc=("Rent and service charge - Fitzrovia {mon}",)),
    V("WeWork", "NOT", "RENT", ["WeWork UK Ltd", "card:WEWORK 1234 LONDON"], ["WEWORK INTERNATIONAL LTD", "card:WEWORK.COM NY"], "SAL gl m 6000-6500; BD card m 300-600"),
    V("Bruntwood", "NOT", "RENT", ["Bruntwood Estates Ltd"], ["BRUNTWOOD WORKS LTD"], "FAC gl m 32000-32000", desc=("Manchester office rent {mon}",)),
    V("Wincanton", "NOT", "LOGISTICS", ["Wincanton plc"], ["WINCANTON GROUP LTD"], "TOPS ap w 18000-26000; OPS ap m 30000-45000"),
    V("Lex Autolease", "NOT", "FLEET", ["Lex Autolease Ltd"], ["LEX AUTOLEASE LIMITED"], "TOPS gl m 12000-14000 x3"),
    V("Shell Fleet Solutions", "NOT", "FUEL", ["Shell Fleet Solutions (fuel card)"], ["SHELL FLEET SOLUTIONS UK"], "TOPS gl w 3000-5000 x2; OPS gl m 800-1500"),
    V("Clarity Travel", "NOT", "TRAVEL", ["Clarity Business Travel Ltd"], ["CLARITY TRAVEL MANAGEMENT"], "SAL ap w 2000-4000; EXEC ap m 3000-6000; BD ap m 3000-8000"),
    V("McKinsey", "NOT", "CONSULT", ["McKinsey & Company Inc United Kingdom"], ["MCKINSEY & CO"], "EXEC ap q 60000-90000", start="2025-04", end="2026-03", desc=("Strategy review - phase fees",)),
    V("Uber for Business", "NOT", "TRAVEL", ["Uber for Business"], ["UBER BV - UBER FOR BUSINESS"], "EXEC gl m 1500-3000; SAL gl m 2000-4000"),
    V("Allstar", "NOT", "FUEL", ["Allstar Business Solutions Ltd"], ["ALLSTAR FUEL CARD SERVICES"], "TOPS gl w 2000-4000 x2"),
    V("Bidfood", "NOT", "CATER", ["Bidfood UK Ltd"], ["BIDFOOD LTD"], "FAC gl w 800-1500"),
    V("Arriva", "NOT", "LOGISTICS", ["Arriva UK Bus Ltd"], ["ARRIVA PLC"], "TOPS gl m 70000-110000 x2", desc=("Subcontracted routes {mon}",)),
    V("ManpowerGroup", "NOT", "STAFF", ["Manpower UK Ltd"], ["MANPOWERGROUP UK"], "OPS ap w 5000-9000; TOPS ap w 4000-7000"),
    V("Veolia", "NOT", "FM", ["Veolia ES (UK) Ltd"], ["VEOLIA UK"], "FAC gl w 400-900 x2", desc=("Waste collection w/e {day}",)),
    V("Kier", "NOT", "FM", ["Kier Facilities Services Ltd"], ["KIER GROUP PLC"], "FAC ap w 6000-12000"),
    V("Randstad", "NOT", "STAFF", ["Randstad Solutions Ltd"], ["RANDSTAD UK"], "CS ap w 3000-6000; SAL ap w 2000-4000"),
    V("British Gas", "NOT", "UTIL", ["British Gas Business"], ["BRITISH GAS TRADING LTD"], "FAC gl m 2500-5000 x3"),
    V("EDF Energy", "NOT", "UTIL", ["EDF Energy Customers Ltd"], ["EDF ENERGY"], "FAC gl m 3000-5500 x3"),
    V("Thames Water", "NOT", "UTIL", ["Thames Water Utilities Ltd"], ["THAMES WATER"], "FAC gl m 500-900 x3"),
    V("Aviva", "NOT", "INS", ["Aviva Insurance Ltd"], ["AVIVA PLC"], "FIN gl m 3500-3600 x2"),
    V("Hiscox", "NOT", "INS", ["Hiscox Underwriting Ltd"], ["HISCOX UK"], "LEG ap a 9000-11000"),
    V("Bupa", "NOT", "BENEFITS", ["Bupa Insurance Ltd"], ["BUPA UK"], "HR gl m 14000-15000"),
    V("Office Depot", "NOT", "OFFICE", ["Viking Direct (Office Depot UK)"], ["OFFICE DEPOT UK LTD", "card:VIKING-DIRECT.CO.UK"], "FAC ap m 400-1200; OPS card 6 30-200"),
    V("Ryman", "NOT", "OFFICE", ["card:RYMAN LTD 0045"], ["card:RYMAN STATIONERY"], "HR card 4 10-80; LEG card 4 10-80; EXEC card 4 10-80"),
    V("Staples", "NOT", "OFFICE", ["card:STAPLES 00115"], ["card:STAPLES DIRECT"], "SAL card 4 20-200; BD card 2 20-200"),
    V("Screwfix", "NOT", "MARKET", ["card:SCREWFIX DIRECT"], ["card:SCREWFIX 1234"], "FAC card 10 10-300"),
    V("IKEA", "NOT", "MARKET", ["card:IKEA LTD WEMBLEY"], ["card:IKEA UK"], "FAC card 3 100-1500"),
    V("John Lewis", "NOT", "MARKET", ["card:JOHN LEWIS 123"], ["card:JOHN LEWIS PLC"], "EXEC card 2 50-500; FAC card 3 50-800"),
    V("Interflora", "NOT", "MARKET", ["card:INTERFLORA"], ["card:INTERFLORA BRITISH UNIT"], "EXEC card 4 40-120; HR card 4 40-80"),
    V("Halfords", "NOT", "FUEL", ["card:HALFORDS 0452"], ["card:HALFORDS AUTOCENTRE"], "TOPS card 6 20-300"),
    V("Shell", "NOT", "FUEL", ["card:SHELL OIL 57442"], ["card:SHELL UK OIL PRODUCTS"], "TOPS card 30 40-120; OPS card 10 40-120"),
    V("BP", "NOT", "FUEL", ["card:BP 0042 HAYES"], ["card:BP OIL UK"], "TOPS card 20 40-120"),
    V("Royal Mail", "NOT", "COURIER", ["Royal Mail Group Ltd", "card:ROYAL MAIL ONLINE"], ["ROYAL MAIL GROUP PLC", "card:ROYALMAIL.COM"], "FAC gl w 300-600; ECOM card m 100-400"),
    V("DHL", "NOT", "COURIER", ["DHL Parcel UK Ltd"], ["DHL EXPRESS (UK) LTD"], "ECOM ap w 1500-3000; OPS ap m 800-1500"),
    V("FedEx", "NOT", "COURIER", ["card:FEDEX 78123456"], ["card:FEDEX OFFIC 1234"], "OPS card 8 20-200; LEG card 4 20-100"),
    V("Clifford Chance", "NOT", "LEGAL", ["Clifford Chance LLP"], ["CLIFFORD CHANCE LLP LONDON"], "LEG ap m 15000-40000"),
    V("Eversheds Sutherland", "NOT", "LEGAL", ["Eversheds Sutherland (International) LLP"], ["EVERSHEDS SUTHERLAND"], "HR ap 3 3000-9000; LEG ap 3 5000-12000"),
    V("Iron Mountain", "NOT", "FM", ["Iron Mountain (UK) plc"], ["IRON MOUNTAIN UK"], "LEG gl m 400-500; FIN gl m 200-300", desc=("Records storage {mon}",)),
    V("CBRE", "NOT", "FM", ["CBRE Managed Services Ltd"], ["CBRE LTD"], "FAC ap q 15000-18000"),
    V("ISS", "NOT", "FM", ["ISS Facility Services Ltd"], ["ISS UK LIMITED"], "FAC ap m 4000-5000 x3"),
    V("Mitie", "NOT", "FM", ["Mitie Security Ltd"], ["MITIE GROUP PLC"], "FAC ap m 3500-3800 x2"),
    V("CIPD", "NOT", "MEMB", ["CIPD"], ["CHARTERED INSTITUTE OF PERSONNEL AND DEVELOPMENT"], "HR ap a 400-800"),
    V("ICAEW", "NOT", "MEMB", ["ICAEW"], ["INSTITUTE OF CHARTERED ACCOUNTANTS"], "FIN ap a 500-900"),
    V("Companies House", "NOT", "MEMB", ["card:COMPANIES HOUSE"], ["card:GOV.UK COMPANIES HOUSE"], "LEG card 4 10-50"),
    V("Vistaprint", "NOT", "PRINT", ["card:VISTAPRINT"], ["card:VISTAPRINT.CO.UK"], "MKT card 6 40-600; SAL card 3 40-200"),
    V("Brunswick Group", "NOT", "CONSULT", ["Brunswick Group LLP"], ["BRUNSWICK GROUP"], "COM ap m 12000-15000"),
    V("Ogilvy", "NOT", "CONSULT", ["Ogilvy UK Ltd"], ["OGILVY & MATHER"], "MKT ap m 35000-60000"),
]

VENDORS_BY_KEY: dict[str, Vendor] = {v.key: v for v in VENDORS}


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
