"""Department defaults: which departments are IT, which face customers (incl. the traps)."""

import pytest

from db import TechspendError
from models import org
from models.departments import default_flags, department_key, list_departments
from models.classification import refresh


def set_department(store, name, *, by, **flags):
    return org.set_departments(store, [name], by=by, **flags)[0]

from classify_helpers import add_lines


@pytest.mark.parametrize(
    "name, is_it",
    [
        ("Information Technology", True),
        ("INFORMATION  TECHNOLOGY ", True),
        ("information-technology", True),
        ("IT", True),
        ("IT Operations", True),
        ("ICT Services", True),
        ("Information Services", True),
        ("Information Systems", True),
        ("Technology Services", True),
        ("Digital & Technology", True),
        ("Office of the CIO", True),
        ("IT Infrastructure", True),
        ("Infrastructure & Operations", True),
        ("Network Operations", True),
        ("Help Desk", True),
        ("Service Desk", True),
        ("Information Technology Services", True),   # Phoenix
        ("Information & Technology", True),          # Toronto
        # IT units named for what they do (cost-centre ledgers)
        ("Applications Support", True),
        ("Network Services", True),
        ("Desktop Services", True),
        ("Telephony", True),
        ("Radio Systems", True),
        ("GIS", True),
        ("Data Centre", True),
        ("Digital Services", True),
        ("4120 - ICT Applications", True),
        ("Systèmes d'information", True),
        ("Direction des Systèmes d'Information", True),
        ("Informatique", True),
        ("Abteilung Informationstechnik", True),
        ("Tecnologia da Informação", True),
        ("Sistemas de Información", True),
        ("Technology", True),
        ("Technology & Digital Services", True),
        # traps
        ("Digital Marketing", False),
        ("Transit Operations", False),
        ("Facilities & Utilities", False),
        ("Audit", False),
        ("Infrastructure Services - Highways", False),
        ("Marketing Technology", False),
        ("Medical Technology", False),
        ("Food Technology", False),
        ("Technology Park", False),
        ("Planning Applications", False),
        ("Network Rail Liaison", False),
        ("Community Support Networks", False),
        ("Fire Systems", False),
        ("Finance", False),
        ("Human Resources", False),
        ("Customer Success", False),
    ],
)
def test_it_department_defaults(name, is_it, store):
    assert default_flags(department_key(store, name)).is_it is is_it


@pytest.mark.parametrize(
    "name, customer_facing",
    [
        ("Marketing", True),
        ("Digital Marketing", True),
        ("Sales", True),
        ("Inside Sales EMEA", True),
        ("Customer Service", True),
        ("Customer Success", True),
        ("E-commerce", True),
        ("eCommerce", True),
        ("Communications", True),
        ("Business Development", True),
        ("Finance", False),
        ("Information Technology", False),
        ("Network & Telecommunications", False),
        ("Transit Operations", False),
        ("Human Resources", False),
        # the same units in other languages (German, Swedish, Spanish, French, Danish, Polish)
        ("Vertrieb", True),
        ("Sälj", True),
        ("Ventas", True),
        ("Direction commerciale", True),
        ("Kundenservice", True),
        ("Salg og marked", True),
        ("Sprzedaż", True),
        ("Commercial Services", False),    # a UK council's property and trading arm
        ("Finanzen", False),
    ],
)
def test_customer_facing_defaults(name, customer_facing, store):
    assert default_flags(department_key(store, name)).customer_facing is customer_facing


def test_department_key_ignores_case_spacing_and_punctuation(store):
    assert department_key(store, " digital  &  technology ") == department_key(store, "DIGITAL AND TECHNOLOGY")


def test_cost_centre_name_is_used_when_there_is_no_department(store):
    add_lines(store, [{"vendor": "Dell", "department": None, "cost_centre": "IT Service Desk"}])
    refresh(store)
    assert store.scalar("SELECT it_owned FROM classified_lines") is True


def test_user_override_wins_and_survives_refresh(store):
    add_lines(store, [
        {"vendor": "Slack", "department": "Digital Marketing"},
        {"vendor": "Slack", "department": "digital marketing "},
    ])
    refresh(store)
    assert store.scalar("SELECT bool_or(it_owned) FROM classified_lines") is False
    set_department(store, "DIGITAL MARKETING", is_it=True, by="cio@example.com")
    assert store.scalar("SELECT bool_and(it_owned) FROM classified_lines") is True
    refresh(store)  # defaults are re-applied, the person's choice stays
    deps = list_departments(store)
    row = deps[deps.department_key == "DIGITAL MARKETING"].iloc[0]
    assert bool(row.is_it) and row.it_source == "user" and bool(row.customer_facing)
    set_department(store, "Digital Marketing", reset=True, by="cio@example.com")
    assert store.scalar("SELECT bool_or(it_owned) FROM classified_lines") is False


def test_unknown_department_is_a_clear_error(store):
    add_lines(store, [{"vendor": "Slack", "department": "Finance"}])
    refresh(store)
    with pytest.raises(TechspendError, match="No department called 'Marketting'.*Finance"):
        set_department(store, "Marketting", is_it=True, by="x")


def test_customer_facing_flag_sets_layer_of_infrastructure(store):
    add_lines(store, [{"vendor": "Google*Cloud 4XN2Z3", "department": "Ops"}])
    refresh(store)
    assert store.scalar("SELECT layer FROM classified_lines") == "SoR"
    set_department(store, "Ops", customer_facing=True, by="cio@example.com")
    assert store.scalar("SELECT layer FROM classified_lines") == "SoE"
