"""The case history reads as people talk: names instead of ids, labels in the reader's language,
amounts and dates in the reader's format, no internal keys; in a fixed number of statements."""

import re
from decimal import Decimal

import pytest

from arm.auth.models import User
from arm.core.history import Choices, Hidden, Money, Names, Ref, reading
from arm.core.models import AuditEvent
from arm.extensions import db
from arm.plans.models import Funder, Grant, ProjectAction
from tests import factories
from tests.conftest import count_queries, sign_in, sign_in_without_password
from tests.markup import parse
from tests.plans.conftest import build_plan_case

INTERNAL = ("case_id", "author_id", "action_id", "project_id", " id:", "_id", "version")
CODES = ("TEM_ARM", "MUNICIPALITY", "ONGOING", "PLANNED", "RE_EMPLOYMENT", "LAID_OFF")
ISO_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT")


def _edit_form(people, version: str, **overrides) -> dict:
    data = {
        "title": "Muiden toimenpide",
        "description": "",
        "category": "RE_EMPLOYMENT",
        "horizon": "SHORT",
        "target_group": "LAID_OFF",
        "subgroup_id": str(people.subgroup.id),
        "owner_organisation_id": str(people.organisation.id),
        "owner_id": str(people.membership["member"].id),
        "starts_on": "2021-05-01",
        "due_on": "2030-12-31",
        "status": "ONGOING",
        "progress": "20",
        "expected_jobs": "",
        "budget": "450000",
        "funders": ["TEM_ARM", "ESR", "MUNICIPALITY"],
        "version": version,
    }
    return data | overrides


@pytest.fixture
def edited(client):
    """An action edited on its form, updated, linked to a project with a grant, and a deleted subgroup."""
    people = build_plan_case()
    action = people.other_action
    action.budget = Decimal("400000.00")
    action.funders = [Funder.TEM_ARM, Funder.ESR]
    gone = factories.SubgroupFactory(case=people.case, name="Lakkautettu ryhmä")
    db.session.commit()
    action.subgroup = gone
    db.session.commit()
    db.session.delete(gone)
    db.session.commit()
    sign_in(client, people.coordinator)
    base = f"/cases/{people.case.id}/actions/{action.id}"
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"', client.get(f"{base}/edit").get_data(as_text=True)
    )
    assert client.post(f"{base}/edit", data=_edit_form(people, version.group(1))).status_code == 302
    assert client.post(f"{base}/progress", data={"status": "ONGOING", "progress": "45", "note": ""}).status_code == 302
    project = factories.ProjectFactory(case=people.case, name="Työtä Kemissä")
    db.session.add(ProjectAction(case_id=people.case.id, project=project, action_id=action.id))
    factories.GrantFactory(project=project, funder=Funder.ESR, amount_granted=Decimal("1500.50"))
    db.session.commit()
    assert client.post(f"/cases/{people.case.id}/archive").status_code == 302
    assert client.post(f"/cases/{people.case.id}/restore").status_code == 302
    people.action, people.project = action, project
    return people


def _history_text(client, people, locale: str, query: str = "") -> tuple[str, str]:
    user = db.session.get(User, people.coordinator.id)
    user.locale = locale
    db.session.commit()
    response = client.get(f"/cases/{people.case.id}/history{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return parse(html).find("main").text, html


@pytest.mark.parametrize("locale", ["fi", "en"])
def test_history_shows_no_internal_keys_codes_or_raw_timestamps(client, edited, locale):
    text, _html = _history_text(client, edited, locale)
    for key in INTERNAL:
        assert key not in text, key
    for code in CODES:
        assert code not in text, code
    assert not ISO_TIMESTAMP.search(text), ISO_TIMESTAMP.search(text)


def test_history_names_what_it_refers_to_in_finnish(client, edited):
    text, html = _history_text(client, edited, "fi")
    member = edited.member.name
    assert f"Vastuuhenkilö: – → {member}" in text
    assert "Vastuuorganisaatio: – → Kemin kaupunki" in text
    assert f"Alatyöryhmä: – → {edited.subgroup.name}" in text
    assert "Alatyöryhmä: – → Lakkautettu ryhmä (poistettu)" in text  # the name its own events recorded
    assert "Budjetti (€): 400 000,00 € → 450 000,00 €" in text
    assert "<ins>450\xa0000,00\xa0€</ins>" in html  # no line break inside an amount
    assert (
        "Rahoituslähteet: TEM:n ÄRM-rahoitus, Euroopan sosiaalirahasto (ESR) → TEM:n ÄRM-rahoitus, "
        "Euroopan sosiaalirahasto (ESR), Kunta" in text
    )
    assert "Lisäys: Hankkeen toimenpide Muiden toimenpide" in text
    assert f"Hanke: Työtä Kemissä Toimenpide: {edited.action.title}" in text
    assert "Myönnetty (€): 1 500,50 €" in text
    assert "Lisäys: Edistymispäivitys 20 % → 45 % Toimenpide: Muiden toimenpide Tila ennen: Käynnissä" in text
    assert "Lisäys: Vaikutusalueen kunta Kemi Kunta: Kemi" in text
    # Recorded in UTC, read in Helsinki time (the frozen clock's 12.00 UTC is 15.00 in summer).
    assert "Arkistoitu: 15.6.2026 15.00 → –" in text


def test_history_reads_in_english(client, edited):
    text, _html = _history_text(client, edited, "en")
    # The funder is read anew in the reader's language, not as it was recorded.
    assert "Addition: Funding European Social Fund (ESF) Project: Työtä Kemissä" in text
    assert "Budget (€): €400,000.00 → €450,000.00" in text
    assert f"Responsible person: – → {edited.member.name}" in text
    assert "Subgroup: – → Lakkautettu ryhmä (deleted)" in text
    assert (
        "Funding sources: TEM structural change funding, European Social Fund (ESF) → "
        "TEM structural change funding, European Social Fund (ESF), Municipality" in text
    )
    assert "Kunta" not in text and "Lisäys" not in text and "Vastuuhenkilö" not in text


def test_history_of_one_row_stays_in_the_case(client, edited):
    text, html = _history_text(client, edited, "fi", f"?entity=Action&entity_id={edited.action.id}")
    rows = parse(html).find("tbody").table_rows()
    assert {what.split(" ")[1] for _at, _who, what, _fields in rows} == {"Toimenpide"}, rows
    assert any("Budjetti (€): 400 000,00 € → 450 000,00 €" in fields for *_, fields in rows)
    assert "Näytetään yhden rivin muutokset: Toimenpide Muiden toimenpide." in text
    # Another case's action by id: nothing of it shows.
    other = factories.ActionFactory(title="Toisen tapauksen toimenpide")
    text, html = _history_text(client, edited, "fi", f"?entity=Action&entity_id={other.id}")
    assert "Toisen tapauksen toimenpide" not in text and parse(html).find("tbody").text == "Ei muutoksia."
    # A bad id or an unknown entity is ignored, never a 500.
    assert client.get(f"/cases/{edited.case.id}/history?entity=Action&entity_id=abc").status_code == 200
    text, _html = _history_text(client, edited, "fi", "?entity=Nothing&entity_id=1")
    assert "Lisäys: Hankkeen toimenpide" in text


def test_history_redaction_offers_readable_values(client, edited):
    _text, html = _history_text(client, edited, "fi")
    labels = [label.text for label in parse(html).find_all("label", class_="form-check-label")]
    assert f"Vastuuhenkilö: {edited.member.name}" in labels
    assert not [label for label in labels if "_id" in label or label.startswith("case")]
    event = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.entity == "Action", AuditEvent.action == "update")
        .order_by(AuditEvent.id)
    ).all()[-1]
    response = client.post(
        f"/cases/{edited.case.id}/history/{event.id}/redact?entity=Action&entity_id={edited.action.id}",
        data={"target": "title:1"},
    )
    assert response.status_code in (302, 422)


def _history_of_size(people, size: int) -> None:
    """`size` recorded edits of one action that refer to three subgroups and a member."""
    action = people.other_action
    subgroups = [factories.SubgroupFactory(case=people.case, name=f"Ryhmä {n}") for n in range(3)]
    rows = [
        {
            "case_id": people.case.id,
            "actor_id": people.coordinator.id,
            "at": factories.NOW,
            "entity": "Action",
            "entity_id": action.id,
            "label": action.title,
            "action": "update",
            "changes": {
                "subgroup_id": [subgroups[n % 3].id, subgroups[(n + 1) % 3].id],
                "owner_id": [None, people.membership["member"].id],
                "budget": ["400000.00", str(n)],
                "funding_sources": ["TEM_ARM", "TEM_ARM,ESR"],
            },
        }
        for n in range(size)
    ]
    db.session.execute(db.insert(AuditEvent), rows)
    db.session.commit()


def test_history_statement_count_does_not_grow(app, client):
    counts = []
    for size in (10, 1000):
        people = build_plan_case()
        _history_of_size(people, size)
        sign_in_without_password(client, people.coordinator)
        with count_queries(app) as statements:
            response = client.get(f"/cases/{people.case.id}/history")
        assert response.status_code == 200
        text = parse(response.get_data(as_text=True)).find("main").text
        assert "Alatyöryhmä: Ryhmä 0 → Ryhmä 1" in text and f"Vastuuhenkilö: – → {people.member.name}" in text
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


def test_models_declare_how_their_fields_read(app):
    assert isinstance(reading("Action", "budget"), Money)
    assert reading("Action", "funding_sources") == Choices(Funder)
    assert reading("Action", "owner_id") == Ref("Membership")
    assert reading("ProjectAction", "action_id") == Ref("Action")
    assert isinstance(reading("ActionUpdate", "author_id"), Hidden)
    assert isinstance(reading("Grant", "case_id"), Hidden)
    assert reading("Subgroup", "chair_id") == Ref("Membership")
    names = Names({"Action": {-1}, "Subgroup": set(), "Grant": {"x"}}, case_id=None)
    assert names.name("Action", -1) == "(poistettu)" and names.name("Subgroup", "abc") == "abc"
    assert Grant.audit_name_text("ESR", None) == Funder.ESR.label and Grant.audit_name_text("GONE", None) == "GONE"
