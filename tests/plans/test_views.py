import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from arm.extensions import db
from arm.plans import queries
from arm.plans.models import Action, ActionStatus, ActionUpdate, ProgressRollup
from tests import factories
from tests.conftest import sign_in


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
    assert "<strong>irtisanotuille</strong>" in page and "12" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_on": "2021-05-01"}, "ennen alkamispäivää"),
        ({"progress": "150"}, "0–100"),
        ({"status": "DONE", "progress": "80"}, "100 %"),
        ({"budget": "paljon"}, "numeroina"),
        ({"budget": "10,555"}, "kahdella desimaalilla"),
        ({"title": ""}, "Anna toimenpiteelle otsikko."),
        ({"category": "SIXTH"}, "Valitse jokin"),
    ],
)
def test_action_bad_input_keeps_the_text(client, plan_case, overrides, message):
    sign_in(client, plan_case.editor)
    response = client.post(f"/cases/{plan_case.case.id}/actions/new", data=_action_form(**overrides))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Messut **irtisanotuille**" in page


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


def test_member_updates_own_and_subgroup_actions_only(client, plan_case):
    sign_in(client, plan_case.member)
    base = f"/cases/{plan_case.case.id}/actions"
    data = {"status": "ONGOING", "progress": "60", "note": "Puolivälissä"}
    assert client.post(f"{base}/{plan_case.own_action.id}/progress", data=data).status_code == 302
    assert client.post(f"{base}/{plan_case.subgroup_action.id}/progress", data=data).status_code == 302
    assert client.post(f"{base}/{plan_case.other_action.id}/progress", data=data).status_code == 403
    assert client.get(f"{base}/{plan_case.other_action.id}/edit").status_code == 403


def test_observer_changes_nothing(client, plan_case):
    sign_in(client, plan_case.observer)
    base = f"/cases/{plan_case.case.id}/actions/{plan_case.own_action.id}"
    assert client.get(base).status_code == 200
    assert client.post(f"{base}/progress", data={"status": "DONE", "progress": "100"}).status_code == 403
    assert client.post(f"{base}/follow").status_code == 403
    assert "Päivitä edistyminen" not in client.get(base).get_data(as_text=True)


def test_quick_update_from_my_actions(client, plan_case):
    sign_in(client, plan_case.member)
    page = client.get(f"/cases/{plan_case.case.id}/my-actions").get_data(as_text=True)
    assert "Oma toimenpide" in page and "Ryhmän toimenpide" in page and "Muiden toimenpide" not in page
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
    assert response.status_code == 302 and "my-actions" in response.location
    timeline = client.get(f"/cases/{plan_case.case.id}/actions/{action.id}").get_data(as_text=True)
    assert "Koulutus alkoi" in timeline and "60 %" in timeline
    dashboard = client.get(f"/cases/{plan_case.case.id}").get_data(as_text=True)
    assert "Koulutus alkoi" in dashboard


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
    page = response.get_data(as_text=True)
    assert "Muistiinpano säilyy" in page and "100 %" in page


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
    page = response.get_data(as_text=True)
    assert "Joku muu päivitti" in page and "Oma huomio" in page


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
    assert "Koordinaattorin otsikko" in page  # the saved version
    assert "Muokkaajan otsikko" in page and "Oma kuvaus" in page  # the editor's text, kept
    new_version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    assert new_version != version
    merged = _action_form(title="Yhdistetty otsikko", description="Oma kuvaus", version=new_version)
    assert client.post(url, data=merged).status_code == 302
    assert db.session.get(Action, action.id).title == "Yhdistetty otsikko"


def test_filters_combine_and_stay_in_the_url(client, plan_case):
    factories.ActionFactory(case=plan_case.case, title="Myöhässä oleva", due_on=date(2020, 1, 1))
    sign_in(client, plan_case.observer)
    base = f"/cases/{plan_case.case.id}/plan"
    page = client.get(f"{base}?overdue=1").get_data(as_text=True)
    assert "Myöhässä oleva" in page and "Oma toimenpide" not in page
    page = client.get(f"{base}?subgroup={plan_case.subgroup.id}&status=ONGOING&q=Ryhmän").get_data(as_text=True)
    assert "Ryhmän toimenpide" in page and "Oma toimenpide" not in page
    assert f"subgroup={plan_case.subgroup.id}" in page  # export links keep the filter
    page = client.get(f"{base}?sort=title&dir=desc&status=BOGUS&page=x").get_data(as_text=True)
    assert page.index("Ryhmän toimenpide") < page.index("Oma toimenpide")


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
    assert "tavallisena keskiarvona" in client.get(url).get_data(as_text=True)
    client.post(f"/cases/{plan_case.case.id}/plan/rollup", data={"progress_rollup": "BUDGET_WEIGHTED"})
    assert queries.plan_settings(plan_case.case.id).progress_rollup is ProgressRollup.BUDGET_WEIGHTED
    assert "budjetilla painotettuna" in client.get(url).get_data(as_text=True)


def test_timeline_is_a_table(client, plan_case):
    sign_in(client, plan_case.observer)
    page = client.get(f"/cases/{plan_case.case.id}/plan/timeline").get_data(as_text=True)
    assert "<table" in page and "Oma toimenpide" in page and "käynnissä" in page


def test_follow_and_feed(client, plan_case):
    sign_in(client, plan_case.editor)
    action = plan_case.other_action
    client.post(f"/cases/{plan_case.case.id}/actions/{action.id}/follow", data={"follow": "1"})
    client.post(
        f"/cases/{plan_case.case.id}/actions/{action.id}/progress",
        data={"status": "DELAYED", "progress": "10", "note": "Rahoitus viivästyi"},
    )
    assert "Rahoitus viivästyi" in client.get(f"/cases/{plan_case.case.id}/feed").get_data(as_text=True)
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
    assert bad.status_code == 422 and "ylittää" in bad.get_data(as_text=True)
    page = client.get(f"/cases/{plan_case.case.id}/funding").get_data(as_text=True)
    assert "500" in page and "250" in page and "Työtä Kemissä" in page
    bad_dates = client.post(
        f"/cases/{plan_case.case.id}/projects/new",
        data={"name": "X", "starts_on": "2022-01-01", "ends_on": "2021-01-01"},
    )
    assert bad_dates.status_code == 422


def test_funding_with_amounts_not_known_yet(client, plan_case):
    project = factories.ProjectFactory(case=plan_case.case, name="Invest in Veitsiluoto")
    factories.GrantFactory(project=project, amount_granted=None, amount_used=Decimal("0"))
    factories.GrantFactory(project=project, amount_granted=Decimal("1000.50"))
    sign_in(client, plan_case.observer)
    response = client.get(f"/cases/{plan_case.case.id}/funding")
    assert response.status_code == 200
    page = response.get_data(as_text=True).replace("\u00a0", " ")
    assert "1 summa puuttuu" in page and "1 000,50" in page


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
    assert over.status_code == 422 and "vapaana enää" in over.get_data(as_text=True)
    page = client.get(f"/cases/{plan_case.case.id}/resources").get_data(as_text=True)
    assert "150,00 h" in page and "50,00 h" in page


def test_member_manages_only_own_organisations_resources(client, plan_case):
    foreign = factories.ResourceFactory(case=plan_case.case)
    sign_in(client, plan_case.member)
    assert client.get(f"/cases/{plan_case.case.id}/resources/{foreign.id}/edit").status_code == 403


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
    page = client.get(f"/cases/{plan_case.case.id}/my-actions").get_data(as_text=True)
    assert "Yritystyöryhmä" in page
    assert "olet jäsen" in client.get(f"/cases/{plan_case.case.id}/subgroups").get_data(as_text=True)


def test_done_means_full_progress_everywhere(client, plan_case):
    sign_in(client, plan_case.member)
    response = client.post(
        f"/cases/{plan_case.case.id}/actions/{plan_case.own_action.id}/progress",
        data={"status": "DONE", "progress": "100"},
    )
    assert response.status_code == 302
    update = db.session.scalar(db.select(ActionUpdate).order_by(ActionUpdate.id.desc()))
    assert update.new_status is ActionStatus.DONE and update.new_progress == 100
