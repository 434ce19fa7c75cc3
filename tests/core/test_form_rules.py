"""Every check of a form on the first submit, one message per failure, and amounts as people write them
(arm/core/forms.py: `add_rule_errors`, the parsed fields, `AmountField`)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from arm.core.forms import AmountField, format_amount
from arm.extensions import db
from arm.plans.models import Action, Project, ResourceKind
from arm.plans.spreadsheet import cells
from tests import factories
from tests.conftest import sign_in
from tests.markup import field_error, field_value, page_of
from tests.plans.conftest import build_plan_case


@pytest.fixture
def plan_case(app):
    return build_plan_case()


def _errors(page) -> dict[str, str]:
    """Each field's message, by field id, as the error summary lists them."""
    summary = page.find(class_="error-summary")
    return {a.attrs["href"].removeprefix("#"): a.text for a in summary.find_all("a")}


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_every_rule_of_the_action_form_reports_on_the_first_submit(client, plan_case):
    sign_in(client, plan_case.editor)
    response = client.post(
        f"/cases/{plan_case.case.id}/actions/new",
        data={
            "title": "",
            "category": "RE_EMPLOYMENT",
            "horizon": "SHORT",
            "target_group": "LAID_OFF",
            "starts_on": "2021-06-01",
            "due_on": "2021-05-01",  # due before it starts: a rule of the service
            "status": "DONE",
            "progress": "80",  # done but not at 100 %: a rule of the service
            "budget": "10,555",
            "expected_jobs": "paljon",
            "description": "Säilyy",
        },
    )
    assert response.status_code == 422
    page = page_of(response)
    assert set(_errors(page)) == {"title", "due_on", "progress", "budget", "expected_jobs"}
    assert "ennen alkamispäivää" in field_error(page, "due_on")
    assert "100 %" in field_error(page, "progress")
    assert field_value(page, "description") == "Säilyy"
    assert db.session.scalar(db.select(db.func.count()).select_from(Action)) == 3  # the case's own three


def test_the_business_id_checksum_reports_with_the_other_errors(client):
    sign_in(client, factories.UserFactory())
    response = client.post(
        "/organisations/new", data={"name": "", "type": "COMPANY", "business_id": "1234567-8", "website": "x"}
    )
    assert response.status_code == 422
    errors = _errors(page_of(response))
    assert set(errors) == {"name", "business_id", "website"}
    assert "Y-tunnus on virheellinen" in errors["business_id"]


def test_opening_a_case_checks_the_new_organisation_with_the_case(client):
    sign_in(client, factories.UserFactory())
    response = client.post(
        "/cases/new",
        data={
            "title": "",
            "kind": "NEGATIVE",
            "phase": "ACTIVE",
            "lead_municipality_code": "240",
            "announced_on": (date.today() + timedelta(days=500)).isoformat(),
            "new_organisation_name": "Uusi Oy",
            "new_organisation_type": "COMPANY",
            "new_organisation_business_id": "1234567-8",
        },
    )
    assert response.status_code == 422
    errors = _errors(page_of(response))
    assert {"title", "announced_on", "new_organisation_business_id"} <= set(errors)
    assert "enintään vuoden" in errors["announced_on"]


def test_a_project_that_ends_before_it_starts_is_told_with_its_missing_name(client, plan_case):
    sign_in(client, plan_case.editor)
    response = client.post(
        f"/cases/{plan_case.case.id}/projects/new",
        data={"name": "", "starts_on": "2023-01-01", "ends_on": "2022-01-01"},
    )
    assert response.status_code == 422
    assert set(_errors(page_of(response))) == {"name", "ends_on"}
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 0


def test_a_resource_that_ends_before_it_starts_is_told_with_its_missing_description(client, plan_case):
    sign_in(client, plan_case.coordinator)
    response = client.post(
        f"/cases/{plan_case.case.id}/resources/new",
        data={
            "organisation_id": plan_case.organisation.id,
            "kind": next(iter(ResourceKind)).name,
            "description": "",
            "starts_on": "2023-01-01",
            "ends_on": "2022-01-01",
        },
    )
    assert response.status_code == 422
    assert {"description", "ends_on"} <= set(_errors(page_of(response)))


def test_a_start_in_the_future_is_told_with_the_other_errors_of_an_invitation(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    response = client.post(
        f"/cases/{people.case.id}/network/invite",
        data={
            "email": "ei-osoite",
            "name": "Uusi",
            "organisation_id": people.organisation.id,
            "access": "MEMBER",
            "started_on": (date.today() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 422
    errors = _errors(page_of(response))
    assert set(errors) == {"email", "started_on"}
    assert "tulevaisuudessa" in errors["started_on"]


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        ("/cases/new", {"direct_layoffs": "paljon"}, "direct_layoffs", "Anna kokonaisluku numeroina, esim. 120."),
        ("/waves/new", {"occurs_on": "30.6.2021", "headcount": "10"}, "occurs_on", "muodossa vvvv-kk-pp"),
        ("/waves/new", {"occurs_on": "2021-06-30", "headcount": "x"}, "headcount", "Anna kokonaisluku"),
    ],
)
def test_a_value_that_cannot_be_read_gets_one_message(client, url, data, field, message):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    path = url if url.startswith("/cases/new") else f"/cases/{people.case.id}{url}"
    page = page_of(client.post(path, data={"title": "T", "lead_municipality_code": "240", **data}))
    error = field_error(page, field)
    assert message in error
    assert len(page.by_id(f"{field}-error").find_all("span")) == 2  # "Virhe:" for screen readers and one message


def test_a_wave_of_no_one_is_told_the_range_not_that_the_count_is_missing(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    response = client.post(f"/cases/{people.case.id}/waves/new", data={"occurs_on": "2021-06-30", "headcount": "0"})
    assert response.status_code == 422
    assert _plain(field_error(page_of(response), "headcount")) == "Anna luku väliltä 1–1 000 000."
    empty = client.post(f"/cases/{people.case.id}/waves/new", data={"occurs_on": "2021-06-30", "headcount": ""})
    assert field_error(page_of(empty), "headcount") == "Anna henkilömäärä."


class _AmountForm(FlaskForm):
    class Meta:
        csrf = False

    amount = AmountField("Määrä")


def _amount(app, text: str, locale: str = "fi"):
    with app.test_request_context(), force_locale(locale):
        form = _AmountForm(formdata=MultiDict({"amount": text}))
        form.validate()
        return form.amount.data, [_plain(str(e)) for e in form.amount.errors]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("120 000 €", Decimal("120000")),
        ("120\u00a0000,50\u00a0€", Decimal("120000.50")),
        ("12500.50", Decimal("12500.50")),
        ("12 500,5", Decimal("12500.5")),
        ("999 999 999 999,99", Decimal("999999999999.99")),
    ],
)
def test_amounts_are_read_as_finns_write_them(app, text, amount):
    assert _amount(app, text) == (amount, [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1" + "0" * 18, "Määrä on liian suuri: enintään 999 999 999 999,99."),
        ("1 000 000 000 000", "Määrä on liian suuri: enintään 999 999 999 999,99."),
        ("10,555", "Anna määrä enintään kahdella desimaalilla, esim. 12 500,50."),
        ("-5", "Määrä ei voi olla negatiivinen."),
        ("paljon", "Anna määrä numeroina, esim. 12 500,50."),
        ("12.500,50", "Anna määrä numeroina, esim. 12 500,50."),
    ],
)
def test_a_wrong_amount_gets_the_message_of_what_is_wrong(app, text, message):
    assert _amount(app, text) == (None, [message])


def test_english_amounts_may_group_thousands_with_commas(app):
    assert _amount(app, "12,500.50", "en") == (Decimal("12500.50"), [])
    assert _amount(app, "12,5", "en") == (Decimal("12.5"), [])  # not a thousands group: a decimal comma
    assert _amount(app, "12,500.50", "fi")[0] is None


def test_an_amount_is_shown_grouped_and_read_back_the_same(app):
    with app.test_request_context():
        assert _plain(format_amount(Decimal("120000.00"))) == "120 000"
        assert _plain(format_amount(Decimal("12500.50"))) == "12 500,50"
        form = _AmountForm(data={"amount": Decimal("120000.00")})
        assert _amount(app, form.amount._value())[0] == Decimal("120000")
    with app.test_request_context(), force_locale("en"):
        shown = _AmountForm(data={"amount": Decimal("12500.50")}).amount._value()
        assert shown == "12,500.50" and _amount(app, shown, "en")[0] == Decimal("12500.50")


def test_the_import_reads_an_amount_with_a_euro_sign_as_the_form_does(app):
    with app.test_request_context():
        assert cells.amount("120 000 €") == Decimal("120000") == _amount(app, "120 000 €")[0]
        with pytest.raises(ValueError, match="liian suuri"):
            cells.amount("1" + "0" * 18)
