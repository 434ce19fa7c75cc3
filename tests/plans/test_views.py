import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from arm.core.models import AuditEvent
from arm.extensions import db
from arm.plans import queries
from arm.plans.models import Action, ActionStatus, ActionUpdate, Funder, Grant, ProgressRollup, Resource
from tests import factories
from tests.conftest import sign_in
from tests.markup import dd_after, field_error, field_value, page_of, row_containing
from tests.plans.conftest import add_plan_funding


def _plan_titles(page) -> list[str]:
    """The titles of the actions the plan list shows, in its order."""
    return [row.find("td").find("a").text for row in page.find("tbody").find_all("tr") if row.find_all("a")]


def _action_form(**overrides):
    data = {
        "title": "Rekrytointimessut",
        "description": "Messut **irtisanotuille**",
        "category": "RE_EMPLOYMENT",
        "horizon": "SHORT",
        "target_group": "LAID_OFF",
        "subgroup_id": "",
        "owner_organisation_id": "",
        "owner_id": "",
        "starts_on": "2021-06-01",
        "due_on": "2021-09-30",
        "status": "PLANNED",
        "progress": "0",
        "expected_jobs": "30",
        "budget": "12 500,50",
        "funders": ["TEM_ARM", "ESR"],
    }
    data.update(overrides)
    return data


def test_editor_creates_an_action(client, plan_case):
    sign_in(client, plan_case.editor)
    response = client.post(f"/cases/{plan_case.case.id}/actions/new", data=_action_form())
    assert response.status_code == 302
    action = db.session.scalar(db.select(Action).where(Action.title == "Rekrytointimessut"))
    assert str(action.budget) == "12500.50"
    page = client.get(response.location).get_data(as_text=True)
    assert "<strong>irtisanotuille</strong>" in page
    facts = page_of(client.get(response.location))
    assert [strong.text for strong in facts.find("div", class_="markdown").find_all("strong")] == ["irtisanotuille"]
    assert dd_after(facts, "Budjetti") == "12 500,50 €"
    assert dd_after(facts, "Rahoituslähteet") == "TEM:n ÄRM-rahoitus, Euroopan sosiaalirahasto (ESR)"
    assert dd_after(facts, "Odotetut uudet työpaikat") == "30"
    assert dd_after(facts, "Aikaväli") == "1.6.2021 – 30.9.2021"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"due_on": "2021-05-01"}, "due_on", "ennen alkamispäivää"),
        ({"progress": "150"}, "progress", "0–100"),
        ({"status": "DONE", "progress": "80"}, "progress", "100 %"),
        ({"budget": "paljon"}, "budget", "numeroina"),
        ({"budget": "10,555"}, "budget", "kahdella desimaalilla"),
        ({"title": ""}, "title", "Anna toimenpiteelle otsikko."),
        ({"category": "SIXTH"}, "category", "Valitse jokin"),
    ],
)
def test_action_bad_input_keeps_the_text(client, plan_case, overrides, field, message):
    sign_in(client, plan_case.editor)
    response = client.post(f"/cases/{plan_case.case.id}/actions/new", data=_action_form(**overrides))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    assert field_value(page, "description") == "Messut **irtisanotuille**"
    assert field_value(page, "expected_jobs") == "30"


def test_owner_outside_the_network_and_subgroup_of_another_case(client, plan_case):
    sign_in(client, plan_case.editor)
    other = factories.case_with_people()
    foreign_subgroup = factories.SubgroupFactory(case=other.case)
    foreign_member = factories.MembershipFactory(case=other.case)
    response = client.post(
        f"/cases/{plan_case.case.id}/actions/new",
        data=_action_form(subgroup_id=str(foreign_subgroup.id), owner_id=str(foreign_member.id)),
    )
    assert response.status_code == 422  # not among the choices: refused before the service sees it
    page = page_of(response)
    assert "Valitse jokin" in field_error(page, "subgroup_id") and "Valitse jokin" in field_error(page, "owner_id")
    assert db.session.scalar(db.select(Action).where(Action.title == "Rekrytointimessut")) is None


def test_member_updates_own_and_subgroup_actions_only(client, plan_case):
    sign_in(client, plan_case.member)
    base = f"/cases/{plan_case.case.id}/actions"
    data = {"status": "ONGOING", "progress": "60", "note": "Puolivälissä"}
    assert client.post(f"{base}/{plan_case.own_action.id}/progress", data=data).status_code == 302
    assert client.post(f"{base}/{plan_case.subgroup_action.id}/progress", data=data).status_code == 302
    assert client.post(f"{base}/{plan_case.other_action.id}/progress", data=data).status_code == 403
    assert client.get(f"{base}/{plan_case.other_action.id}/edit").status_code == 403
    progress = {a.title: a.progress for a in db.session.scalars(db.select(Action))}
    assert progress == {"Oma toimenpide": 60, "Ryhmän toimenpide": 60, "Muiden toimenpide": 20}


def test_observer_changes_nothing(client, plan_case):
    sign_in(client, plan_case.observer)
    base = f"/cases/{plan_case.case.id}/actions/{plan_case.own_action.id}"
    assert client.get(base).status_code == 200
    assert client.post(f"{base}/progress", data={"status": "DONE", "progress": "100"}).status_code == 403
    assert client.post(f"{base}/follow").status_code == 403
    page = client.get(base).get_data(as_text=True)
    assert "Päivitä edistyminen" not in page
    assert page_of(client.get(base)).find_all("form", action=f"{base}/progress") == []
    action = db.session.get(Action, plan_case.own_action.id)
    assert (action.status, action.progress, action.updates) == (ActionStatus.ONGOING, 20, [])
    assert queries.followed_action_ids(plan_case.case.id, plan_case.observer.id) == set()


def test_owner_sees_the_progress_form(client, plan_case):
    """The other side of test_observer_changes_nothing: the form it looks for is there for the owner."""
    sign_in(client, plan_case.member)
    base = f"/cases/{plan_case.case.id}/actions/{plan_case.own_action.id}"
    page = page_of(client.get(base))
    assert page.find("h2", id="update-heading").text == "Päivitä edistyminen"
    assert len(page.find_all("form", action=f"{base}/progress")) == 1


def test_quick_update_from_my_actions(client, plan_case):
    sign_in(client, plan_case.member)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/my-actions"))
    cards = [h2.text for h2 in page.find("main").find_all("h2")]
    assert sorted(cards) == ["Oma toimenpide", "Ryhmän toimenpide"]
    action = plan_case.own_action
    response = client.post(
        f"/cases/{plan_case.case.id}/actions/{action.id}/progress",
        data={
            "back": "my-actions",
            f"a{action.id}-status": "ONGOING",
            f"a{action.id}-progress": "60",
            f"a{action.id}-note": "Koulutus alkoi",
            f"a{action.id}-version": str(action.version),
        },
    )
    assert response.status_code == 302
    assert response.location == f"/cases/{plan_case.case.id}/my-actions#action-{action.id}"
    page = page_of(client.get(f"/cases/{plan_case.case.id}/actions/{action.id}"))
    update, created = page.find("section", aria_labelledby="timeline-heading").find("ol").find_all("li")
    assert created.text.endswith("Toimenpide lisätty.")
    author, change, note = [div.text for div in update.find_all("div")][:3]  # then the note's correction form
    assert author.endswith(f" · {plan_case.member.name}")
    assert (change, note) == ("Käynnissä, 20 % → 60 %", "Koulutus alkoi")
    assert page.find("div", role="progressbar").attrs["aria-valuenow"] == "60"
    dashboard = page_of(client.get(f"/cases/{plan_case.case.id}"))
    recent = dashboard.find("section", aria_labelledby="plan-health").find_all("ul")[-1].find_all("li")
    assert [li.text.split(" ", 2)[2] for li in recent] == [
        f"{plan_case.member.name}: Oma toimenpide – Käynnissä, 60 %: Koulutus alkoi"
    ]


def test_quick_update_bad_input_rerenders_my_actions_with_the_note(client, plan_case):
    sign_in(client, plan_case.member)
    action = plan_case.own_action
    response = client.post(
        f"/cases/{plan_case.case.id}/actions/{action.id}/progress",
        data={
            "back": "my-actions",
            f"a{action.id}-status": "DONE",
            f"a{action.id}-progress": "70",
            f"a{action.id}-note": "Muistiinpano säilyy",
            f"a{action.id}-version": str(action.version),
        },
    )
    assert response.status_code == 422
    page = page_of(response)
    card = page.by_id(f"action-{action.id}")
    assert field_value(page, f"a{action.id}-note", form=card) == "Muistiinpano säilyy"
    assert field_value(page, f"a{action.id}-progress", form=card) == "70"
    assert "100 %" in field_error(page, f"a{action.id}-progress")
    assert db.session.get(Action, action.id).progress == 20


def test_quick_update_on_a_stale_version(client, plan_case):
    sign_in(client, plan_case.member)
    action = plan_case.own_action
    stale = action.version
    client.post(
        f"/cases/{plan_case.case.id}/actions/{action.id}/progress", data={"status": "ONGOING", "progress": "30"}
    )
    response = client.post(
        f"/cases/{plan_case.case.id}/actions/{action.id}/progress",
        data={"status": "ONGOING", "progress": "40", "note": "Oma huomio", "version": str(stale)},
    )
    assert response.status_code == 409
    page = page_of(response)
    form = page.find("form", action=f"/cases/{plan_case.case.id}/actions/{action.id}/progress")
    # The error summary: its heading, then the message.
    assert form.find("div", role="alert").text.startswith("Tarkista lomake Joku muu päivitti")
    assert field_value(page, "note", form=form) == "Oma huomio"
    assert field_value(page, "progress", form=form) == "40"
    assert db.session.get(Action, action.id).progress == 30


def test_two_people_edit_the_same_action(client, plan_case, app):
    """The second save gets both versions side by side, keeps its text, and saves after merging."""
    action = plan_case.other_action
    url = f"/cases/{plan_case.case.id}/actions/{action.id}/edit"
    sign_in(client, plan_case.editor)
    form_page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form_page).group(1)

    other_client = app.test_client()
    sign_in(other_client, plan_case.coordinator)
    assert (
        other_client.post(url, data=_action_form(title="Koordinaattorin otsikko", version=version)).status_code == 302
    )

    response = client.post(
        url, data=_action_form(title="Muokkaajan otsikko", description="Oma kuvaus", version=version)
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    conflict = page_of(response)
    # Both changed the title: offered for a choice, the saved value beside the editor's.
    choices = re.findall(r'merge-choice">\s*<legend[^>]*>([^<]+)</legend>', page)
    assert choices == ["Otsikko", "Kuvaus"]  # the coordinator changed the description too
    assert re.search(
        r'merge-title-theirs" value="theirs">\s*<label[^>]*>Tallennettu arvo: <strong[^>]*>Koordinaattorin otsikko<',
        page,
    )
    assert field_value(conflict, "title") == "Muokkaajan otsikko"  # the editor's text, kept
    assert field_value(conflict, "description") == "Oma kuvaus"
    new_version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    assert new_version != version
    merged = _action_form(title="Yhdistetty otsikko", description="Oma kuvaus", version=new_version)
    assert client.post(url, data=merged).status_code == 302
    assert db.session.get(Action, action.id).title == "Yhdistetty otsikko"


def test_filters_combine_and_stay_in_the_url(client, plan_case):
    factories.ActionFactory(case=plan_case.case, title="Myöhässä oleva", due_on=date(2020, 1, 1))
    sign_in(client, plan_case.observer)
    base = f"/cases/{plan_case.case.id}/plan"
    assert _plan_titles(page_of(client.get(f"{base}?overdue=1"))) == ["Myöhässä oleva"]
    page = page_of(client.get(f"{base}?subgroup={plan_case.subgroup.id}&status=ONGOING&q=Ryhmän"))
    assert _plan_titles(page) == ["Ryhmän toimenpide"]
    exports = [a.attrs["href"] for a in page.find_all("a") if "/plan/export." in a.attrs.get("href", "")]
    assert len(exports) == 2 and all(f"subgroup={plan_case.subgroup.id}" in href for href in exports)  # keep the filter
    page = page_of(client.get(f"{base}?sort=title&dir=desc&status=BOGUS&page=x"))
    assert _plan_titles(page) == ["Ryhmän toimenpide", "Oma toimenpide", "Myöhässä oleva", "Muiden toimenpide"]


def test_export_filtered_plan(client, plan_case):
    sign_in(client, plan_case.observer)
    response = client.get(f"/cases/{plan_case.case.id}/plan/export.xlsx?subgroup={plan_case.subgroup.id}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "Tunniste" and sheet["B1"].value == "Otsikko" and sheet["D1"].value == "Luokka"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [(row[0], row[1], row[-1]) for row in rows] == [
        (f"T-{plan_case.subgroup_action.id}", "Ryhmän toimenpide", 1)
    ]
    csv_text = client.get(f"/cases/{plan_case.case.id}/plan/export.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeffTunniste;Otsikko;Kuvaus;Luokka")


def test_categories_page_states_the_formula_and_rollup_can_change(client, plan_case):
    sign_in(client, plan_case.coordinator)
    url = f"/cases/{plan_case.case.id}/plan/categories"
    page = page_of(client.get(url))
    assert "tavallisena keskiarvona" in page.find("h1").next_sibling().next_sibling().text
    assert page.find("p", class_="fs-5").text == "Koko suunnitelma: 20 %"  # three actions at 20 %
    client.post(f"/cases/{plan_case.case.id}/plan/rollup", data={"progress_rollup": "BUDGET_WEIGHTED"})
    assert queries.plan_settings(plan_case.case.id).progress_rollup is ProgressRollup.BUDGET_WEIGHTED
    assert "budjetilla painotettuna" in client.get(url).get_data(as_text=True)


def test_timeline_is_a_table(client, plan_case):
    sign_in(client, plan_case.observer)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/plan/timeline"))
    row = row_containing(page.find("table", class_="timeline"), "Oma toimenpide")
    assert row[0] == "Oma toimenpide Käynnissä"
    assert "käynnissä" in row[2:]  # a month the action runs in


def test_follow_and_feed(client, plan_case):
    sign_in(client, plan_case.editor)
    action = plan_case.other_action
    client.post(f"/cases/{plan_case.case.id}/actions/{action.id}/follow", data={"follow": "1"})
    client.post(
        f"/cases/{plan_case.case.id}/actions/{action.id}/progress",
        data={"status": "DELAYED", "progress": "10", "note": "Rahoitus viivästyi"},
    )
    feed = page_of(client.get(f"/cases/{plan_case.case.id}/feed")).find("ol", class_="list-unstyled").find_all("li")
    assert [li.text.split(" · ", 1)[1] for li in feed] == [
        f"{plan_case.editor.name} Muiden toimenpide: Viivästynyt, 20 % → 10 % Rahoitus viivästyi"
    ]
    client.post(f"/cases/{plan_case.case.id}/actions/{action.id}/follow", data={"follow": "0"})
    assert "Rahoitus viivästyi" not in client.get(f"/cases/{plan_case.case.id}/feed").get_data(as_text=True)


def test_projects_grants_and_funding_sums(client, plan_case):
    sign_in(client, plan_case.editor)
    organisation = plan_case.organisation
    response = client.post(
        f"/cases/{plan_case.case.id}/projects/new",
        data={
            "name": "Työtä Kemissä",
            "starts_on": "2021-08-02",
            "ends_on": "2023-07-31",
            "implementer_ids": [organisation.id],
            "action_ids": [plan_case.own_action.id],
        },
    )
    assert response.status_code == 302
    project_url = response.location
    grants = project_url + "/grants"
    assert (
        client.post(
            grants, data={"funder": "TEM_ARM", "amount_granted": "400 000", "amount_used": "250 000,50"}
        ).status_code
        == 302
    )
    assert client.post(grants, data={"funder": "ESR", "amount_granted": "100000", "amount_used": ""}).status_code == 302
    bad = client.post(grants, data={"funder": "ESR", "amount_granted": "10", "amount_used": "20"})
    assert bad.status_code == 422 and "ylittää" in field_error(page_of(bad), "amount_used")
    assert field_value(page_of(bad), "amount_granted") == "10"
    page = page_of(client.get(f"/cases/{plan_case.case.id}/funding"))
    by_funder = page.find("section", aria_labelledby="by-funder")
    # No action has a budget: nothing is planned, so planned − granted is minus the grant.
    assert by_funder.table_rows() == [
        ["TEM:n ÄRM-rahoitus", "0,00", "400 000,00", "-400 000,00", "250 000,50", "149 999,50", "1"],
        ["Euroopan sosiaalirahasto (ESR)", "0,00", "100 000,00", "-100 000,00", "0,00", "100 000,00", "1"],
    ]
    assert by_funder.table_rows("tfoot") == [
        ["Yhteensä", "0,00", "500 000,00", "-500 000,00", "250 000,50", "249 999,50", "2"]
    ]
    assert page.find("section", aria_labelledby="by-project").table_rows() == [
        ["Työtä Kemissä", "TEM:n ÄRM-rahoitus, Euroopan sosiaalirahasto (ESR)", "500 000,00", "250 000,50"]
    ]
    bad_dates = client.post(
        f"/cases/{plan_case.case.id}/projects/new",
        data={"name": "X", "starts_on": "2022-01-01", "ends_on": "2021-01-01"},
    )
    assert bad_dates.status_code == 422
    assert field_error(page_of(bad_dates), "ends_on") == "Päättymispäivä ei voi olla ennen alkamispäivää."


def test_funding_with_amounts_not_known_yet(client, plan_case):
    project = factories.ProjectFactory(case=plan_case.case, name="Invest in Veitsiluoto")
    factories.GrantFactory(project=project, amount_granted=None, amount_used=Decimal("0"))
    factories.GrantFactory(project=project, amount_granted=Decimal("1000.50"))
    sign_in(client, plan_case.observer)
    response = client.get(f"/cases/{plan_case.case.id}/funding")
    assert response.status_code == 200
    page = page_of(response)
    # The unknown amount is left out of the sum and counted; the used amounts are 0 and the factory's 25 000.
    # The grant with neither an amount nor a date nor a number is not a decision.
    assert page.find("section", aria_labelledby="by-funder").table_rows() == [
        ["TEM:n ÄRM-rahoitus", "0,00", "1 000,50 (1 summa puuttuu)", "-1 000,50", "25 000,00", "-23 999,50", "1"]
    ]
    assert page.find("section", aria_labelledby="by-project").table_rows() == [
        ["Invest in Veitsiluoto", "TEM:n ÄRM-rahoitus", "1 000,50", "25 000,00"]
    ]


def test_funding_compares_planned_with_granted_and_used(client, plan_case):
    add_plan_funding(plan_case)
    sign_in(client, plan_case.observer)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/funding"))
    by_funder = page.find("section", aria_labelledby="by-funder")
    shared = "(josta 300 000,00 useamman rahoittajan toimenpiteistä)"
    assert by_funder.table_rows("thead") == [
        [
            "Rahoittaja",
            "Suunniteltu (€)",
            "Myönnetty (€)",
            "Suunniteltu − myönnetty (€)",
            "Käytetty (€)",
            "Käyttämättä (€)",
            "Päätöksiä",
        ]
    ]
    assert by_funder.table_rows() == [
        ["TEM:n ÄRM-rahoitus", f"900 000,00 {shared}", "500 000,00", "400 000,00", "100 000,00", "400 000,00", "1"],
        ["Opetus- ja kulttuuriministeriö (OKM)", "0,00", "– (1 summa puuttuu)", "0,00", "0,00", "–", "0"],
        [
            "Euroopan sosiaalirahasto (ESR)",
            f"300 000,00 {shared}",
            "125 000,00",
            "175 000,00",
            "0,00",
            "125 000,00",
            "1",
        ],
        ["Rahoittajaa ei nimetty", "30 000,00", "–", "30 000,00", "–", "–", "0"],
    ]
    # The shared action counts once in the total; the cancelled one and the one without a budget not at all.
    assert by_funder.table_rows("tfoot") == [
        ["Yhteensä", "930 000,00", "625 000,00", "305 000,00", "100 000,00", "525 000,00", "2"]
    ]
    assert by_funder.find("caption").text == "Suunniteltu, myönnetty ja käytetty rahoitus rahoittajittain"
    assert all(th.attrs["scope"] == "col" for th in by_funder.find("thead").find_all("th"))
    notes = page.by_id("funding-notes").text
    assert "1 toimenpiteellä ei ole budjettia, eikä sitä lasketa." in notes
    assert "lasketaan kokonaan jokaisen rahoittajansa riville" in notes
    summary = page.find("section", aria_labelledby="funding-summary")
    assert dd_after(summary, "Toimenpiteiden suunnittelema rahoitus") == "930 000,00 €"
    assert dd_after(summary, "Myönnetty") == "625 000,00 € (1 summa puuttuu)"
    assert dd_after(summary, "Suunniteltu − myönnetty") == "305 000,00 €"
    assert dd_after(summary, "Käyttämättä (myönnetty − käytetty)") == "525 000,00 €"
    assert dd_after(summary, "Rahoituspäätöksiä") == "2"
    assert page.find("section", aria_labelledby="decisions").table_rows() == [
        ["Työtä Kemissä", "TEM:n ÄRM-rahoitus", "VN/1234/2021", "1.9.2021", "500 000,00", "100 000,00"],
        ["Työtä Kemissä", "Euroopan sosiaalirahasto (ESR)", "–", "–", "125 000,00", "0,00"],
        ["Työtä Kemissä", "Opetus- ja kulttuuriministeriö (OKM)", "–", "–", "–", "0,00"],
    ]


def test_funding_page_without_plan_or_grants(client, plan_case):
    sign_in(client, plan_case.observer)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/funding"))
    assert page.find("section", aria_labelledby="by-funder").table_rows() == [
        [
            "Ei suunniteltua eikä myönnettyä rahoitusta. Budjetti ja rahoittajat kirjataan toimenpiteelle, "
            "myönnetty rahoitus hankkeen sivulle."
        ]
    ]
    assert "lasketaan kokonaan" not in page.by_id("funding-notes").text
    assert page.find("section", aria_labelledby="decisions").table_rows() == [
        ["Rahoitusta ei ole vielä kirjattu. Kirjaa rahoitus hankkeen sivulla."]
    ]


def test_grant_decision_number_and_date_saved_shown_and_audited(client, plan_case):
    project = factories.ProjectFactory(case=plan_case.case, name="Invest in Veitsiluoto")
    sign_in(client, plan_case.editor)
    project_url = f"/cases/{plan_case.case.id}/projects/{project.id}"
    response = client.post(
        f"{project_url}/grants",
        data={"funder": "ELY", "decision_number": "  LAPELY/123/2021 ", "decided_on": "2021-10-29"},
    )
    assert response.status_code == 302
    grant = db.session.scalars(db.select(Grant).where(Grant.project_id == project.id)).one()
    assert (grant.decision_number, grant.decided_on) == ("LAPELY/123/2021", date(2021, 10, 29))
    assert grant.amount_granted is None and grant.has_decision
    row = row_containing(page_of(client.get(project_url)).by_id("grants"), "ELY-keskus")
    assert row[:5] == ["ELY-keskus", "LAPELY/123/2021", "29.10.2021", "–", "0,00"]
    edit = client.get(f"{project_url}/grants/{grant.id}/edit")
    assert field_value(page_of(edit), "decision_number") == "LAPELY/123/2021"
    response = client.post(
        f"{project_url}/grants/{grant.id}/edit",
        data={"funder": "ELY", "amount_granted": "", "decision_number": "", "decided_on": "2021-10-29"},
    )
    assert response.status_code == 302
    changes = [
        event.changes
        for event in db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.entity == "Grant").order_by(AuditEvent.id)
        )
    ]
    assert changes[0]["decision_number"] == [None, "LAPELY/123/2021"]
    assert changes[1] == {"decision_number": ["LAPELY/123/2021", ""]}
    funding = page_of(client.get(f"/cases/{plan_case.case.id}/funding"))
    # A date alone is a decision; its amount is not known yet.
    assert funding.find("section", aria_labelledby="by-funder").table_rows("tfoot")[0][-1] == "1"


CONTROL_CHARACTERS = "Poista tekstistä ohjausmerkit, kuten sarkaimet ja rivinvaihdot."
BAD_DECISIONS = {
    "future date": ("decided_on", "2999-01-01", "Päätöspäivä ei voi olla tulevaisuudessa."),
    "not a date": ("decided_on", "1.9.2021", None),  # the date field's own message
    "too long": ("decision_number", "x" * 101, "Enintään 100 merkkiä."),
    "NUL": ("decision_number", "VN/1\x00/2021", CONTROL_CHARACTERS),
    "tab": ("decision_number", "VN/1\t2021", CONTROL_CHARACTERS),
    "line break": ("decision_number", "VN\n1", CONTROL_CHARACTERS),
    "C1 control": ("decision_number", "VN\x851", CONTROL_CHARACTERS),
}


@pytest.mark.parametrize("editing", [False, True], ids=["add", "edit"])
@pytest.mark.parametrize("bad", BAD_DECISIONS)
def test_bad_decision_is_refused_on_its_field_and_kept(client, plan_case, editing, bad):
    field, value, message = BAD_DECISIONS[bad]
    grant = factories.GrantFactory(project=factories.ProjectFactory(case=plan_case.case), decision_number="VN/1/2021")
    sign_in(client, plan_case.editor)
    project_url = f"/cases/{plan_case.case.id}/projects/{grant.project_id}"
    url = f"{project_url}/grants/{grant.id}/edit" if editing else f"{project_url}/grants"
    data = {"funder": "OKM", "amount_granted": "1 000", "amount_used": "", "decision_number": "", "decided_on": ""}
    response = client.post(url, data={**data, field: value})
    assert response.status_code == 422
    page = page_of(response)
    if message:
        assert field_error(page, field) == message
    else:
        assert field_error(page, field)
    assert field_value(page, field) == value
    assert field_value(page, "amount_granted") == "1 000"
    db.session.refresh(grant)
    assert (grant.funder, grant.decision_number, len(grant.project.grants)) == (Funder.TEM_ARM, "VN/1/2021", 1)


def test_every_rule_of_a_grant_on_the_first_submit(client, plan_case):
    project = factories.ProjectFactory(case=plan_case.case)
    sign_in(client, plan_case.editor)
    data = {"funder": "OKM", "amount_granted": "1 000", "amount_used": "2 000", "decided_on": "2999-01-01"}
    response = client.post(
        f"/cases/{plan_case.case.id}/projects/{project.id}/grants", data={**data, "decision_number": "x" * 101}
    )
    assert response.status_code == 422
    page = page_of(response)
    assert field_error(page, "amount_used") == "Käytetty summa ei voi ylittää myönnettyä."
    assert field_error(page, "decided_on") == "Päätöspäivä ei voi olla tulevaisuudessa."
    assert field_error(page, "decision_number") == "Enintään 100 merkkiä."
    assert project.grants == []


def test_resources_committed_and_free(client, plan_case):
    sign_in(client, plan_case.member)
    response = client.post(
        f"/cases/{plan_case.case.id}/resources/new",
        data={
            "organisation_id": plan_case.organisation.id,
            "kind": "PREMISES",
            "description": "Koulutustila Pointissa",
            "capacity": "200",
            "unit": "h",
        },
    )
    assert response.status_code == 302
    resource_id = int(response.location.split("resource-")[1])
    action_url = f"/cases/{plan_case.case.id}/actions/{plan_case.own_action.id}/resources"
    assert client.post(action_url, data={"resource_id": resource_id, "amount": "150"}).status_code == 302
    other_url = f"/cases/{plan_case.case.id}/actions/{plan_case.subgroup_action.id}/resources"
    over = client.post(other_url, data={"resource_id": resource_id, "amount": "60"})
    assert over.status_code == 422 and "vapaana enää" in field_error(page_of(over), "amount")
    page = page_of(client.get(f"/cases/{plan_case.case.id}/resources"))
    row = page.by_id(f"resource-{resource_id}").find_all("td")
    assert [cell.text for cell in row[1:]] == ["Tilat", "200,00 h", "150,00 h", "50,00 h", "Oma toimenpide"]
    assert row[0].text == f"Koulutustila Pointissa {plan_case.organisation.name}"


def test_member_manages_only_own_organisations_resources(client, plan_case):
    foreign = factories.ResourceFactory(case=plan_case.case, description="Toisen resurssi")
    sign_in(client, plan_case.member)
    base = f"/cases/{plan_case.case.id}/resources/{foreign.id}"
    assert client.get(f"{base}/edit").status_code == 403
    assert client.post(f"{base}/edit", data={"description": "Kaapattu"}).status_code == 403
    assert client.post(f"{base}/delete").status_code == 403
    assert db.session.get(Resource, foreign.id).description == "Toisen resurssi"


def test_subgroups_and_my_subgroups(client, plan_case):
    sign_in(client, plan_case.editor)
    response = client.post(
        f"/cases/{plan_case.case.id}/subgroups/new",
        data={
            "name": "Yritystyöryhmä",
            "chair_id": str(plan_case.membership["editor"].id),
            "rhythm": "BIWEEKLY",
            "member_ids": [plan_case.membership["member"].id],
        },
    )
    assert response.status_code == 302
    client.post("/logout")
    sign_in(client, plan_case.member)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/my-actions"))
    mine = page.find("p", text="Omat alatyöryhmät: Henkilöihin kohdistuvat toimenpiteet, Yritystyöryhmä")
    assert [a.text for a in mine.find_all("a")] == ["Henkilöihin kohdistuvat toimenpiteet", "Yritystyöryhmä"]
    page = page_of(client.get(f"/cases/{plan_case.case.id}/subgroups"))
    member_of = [h2.find("a").text for h2 in page.find_all("h2") if h2.find_all("span", text="olet jäsen")]
    assert sorted(member_of) == ["Henkilöihin kohdistuvat toimenpiteet", "Yritystyöryhmä"]


def test_done_means_full_progress_everywhere(client, plan_case):
    sign_in(client, plan_case.member)
    response = client.post(
        f"/cases/{plan_case.case.id}/actions/{plan_case.own_action.id}/progress",
        data={"status": "DONE", "progress": "100"},
    )
    assert response.status_code == 302
    update = db.session.scalar(db.select(ActionUpdate).order_by(ActionUpdate.id.desc()))
    assert update.new_status is ActionStatus.DONE and update.new_progress == 100


def test_timeline_marks_today_in_words_and_by_a_line(client, plan_case):
    """The current month's column (the frozen clock's June 2026) says "Tänään"; its cells carry the line."""
    for action in (plan_case.own_action, plan_case.subgroup_action, plan_case.other_action):
        action.starts_on = date(2026, 3, 1)
    db.session.commit()
    sign_in(client, plan_case.observer)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/plan/timeline"))
    assert "Tänään on 15.6.2026" in page.find("main").text
    table = page.find("table", class_="timeline")
    (today,) = table.find_all("th", class_="today")
    assert today.text == "06/26 Tänään"
    assert today.find("abbr").attrs["title"] == "kesäkuu 2026"  # the month on its own, not "kesäkuuta"
    column = [th.text for th in table.find("thead").find_all("th")].index("06/26 Tänään")
    for row in table.find("tbody").find_all("tr"):
        cells = [cell for cell in row.children if getattr(cell, "tag", None) in ("th", "td")]
        assert "now" in cells[column].classes
    assert len(table.find_all("td", class_="now")) == len(table.find("tbody").find_all("tr"))


def test_timeline_says_when_today_is_not_on_it(client, plan_case):
    for action in (plan_case.own_action, plan_case.subgroup_action, plan_case.other_action):
        action.starts_on, action.due_on = date(2021, 5, 1), date(2021, 9, 30)
    db.session.commit()
    sign_in(client, plan_case.observer)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/plan/timeline"))
    assert "Tänään (15.6.2026) ei ole aikajanalla." in page.find("main").text
    assert not page.find_all("th", class_="today") and not page.find_all("td", class_="now")


def test_crisis_badge_only_where_the_name_does_not_say_it(client, plan_case):
    case = plan_case.case
    factories.SubgroupFactory(case=case, name="Kriisityöryhmä", is_crisis_group=True)
    factories.SubgroupFactory(case=case, name="Veitsiluoto-kriisityöryhmä", is_crisis_group=True)
    factories.SubgroupFactory(case=case, name="Akuutti tuki", is_crisis_group=True)
    db.session.commit()
    sign_in(client, plan_case.observer)
    dashboard = page_of(client.get(f"/cases/{case.id}"))
    items = dashboard.find("section", aria_labelledby="subgroups-heading").find_all("li", data_crisis_group="true")
    assert sorted(li.text for li in items) == [
        "Akuutti tuki kriisityöryhmä",
        "Kriisityöryhmä",
        "Veitsiluoto-kriisityöryhmä",
    ]
    subgroups = page_of(client.get(f"/cases/{case.id}/subgroups"))
    headings = [section.find("h2").text for section in subgroups.find_all("section", data_crisis_group="true")]
    assert sorted(headings) == ["Akuutti tuki kriisityöryhmä", "Kriisityöryhmä", "Veitsiluoto-kriisityöryhmä"]
    client.post("/language", data={"locale": "sv", "next": "/"})
    swedish = page_of(client.get(f"/cases/{case.id}"))
    named = [li.text for li in swedish.find_all("li", data_crisis_group="true") if li.text.startswith("Kriisi")]
    assert named == ["Kriisityöryhmä krisgrupp"]  # a translation of the name, not a repeat of it


def test_categories_show_no_budget_as_a_dash(client, plan_case):
    plan_case.own_action.budget = Decimal("12500.50")
    db.session.commit()
    sign_in(client, plan_case.observer)
    page = page_of(client.get(f"/cases/{plan_case.case.id}/plan/categories"))
    budgets = {row[0]: row[5] for row in page.find("table").table_rows()}
    category = plan_case.own_action.category.label
    assert budgets.pop(str(category)) == "12 500,50"
    assert set(budgets.values()) == {"–"}  # no budget in any other category: not "0,00"
