"""The job ledger through its pages: entries saved and refused, the confirmation above 10 000, the merge, a
race, company projects, development grants, the dashboard panel."""

import json

import pytest
from sqlalchemy import func, select

from arm.core.models import AuditEvent
from arm.extensions import db
from arm.progress.models import CompanyProject, DevelopmentGrant, JobEntry, JobKind
from tests import factories
from tests.conftest import sign_in
from tests.markup import field_error, field_value, page_of
from tests.progress.jobs_helpers import company_project, entry, entry_form, job_target
from tests.races import post_at_once


@pytest.fixture
def people(case_with_network):
    return case_with_network


def _plain(text: str) -> str:
    """Text with the no-break spaces that group thousands as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip()


def _count(model=JobEntry) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_an_editor_records_jobs_and_the_totals_are_computed(client, people):
    target = job_target(people.case)
    sign_in(client, people.editor)
    url = f"/cases/{people.case.id}/jobs/new"
    assert client.get(url).status_code == 200
    response = client.post(url, data=entry_form(target))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert client.post(url, data=entry_form(target, jobs="86", verified=None)).status_code == 302
    assert client.post(url, data=entry_form(target, jobs="486", kind="PLANNED", verified=None)).status_code == 302
    saved = db.session.scalar(select(JobEntry).order_by(JobEntry.id))
    assert (saved.jobs, saved.kind, saved.verified, saved.evidence) == (
        226,
        JobKind.REALISED,
        True,
        "Yrityksen tiedote 29.2.2024.",
    )
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "JobEntry")) == "create"
    page = page_of(client.get(f"/cases/{people.case.id}/jobs"))
    figures = {
        dd.attrs["data-figure"]: _plain(dd.text.split("(")[0])
        for dd in page.find_all("dd")
        if "data-figure" in dd.attrs
    }
    assert figures["target"] == "1 000"
    assert figures["planned"] == "486"
    assert figures["realised"] == "312"
    assert figures["verified"] == "226"
    figure = page.find("figure", class_="chart")
    assert figure.find("img").attrs["alt"] and figure.find("table").find("caption").text
    assert "226" in page.by_id(f"job-entry-{saved.id}").text


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"jobs": "-5"}, "jobs", "vähintään 1"),
        ({"jobs": "0"}, "jobs", "vähintään 1"),
        ({"jobs": "kaksisataa"}, "jobs", "Anna kokonaisluku numeroina"),
        ({"jobs": "12,5"}, "jobs", "Anna kokonaisluku numeroina"),
        ({"jobs": ""}, "jobs", "Anna työpaikkojen määrä"),
        ({"jobs": "1000001"}, "jobs", "enintään"),
        ({"jobs": str(10**30)}, "jobs", "enintään"),
        ({"dated_on": ""}, "dated_on", "Anna päivä"),
        ({"dated_on": "2099-01-01"}, "dated_on", "ei voi olla tulevaisuudessa"),
        ({"kind": "MAYBE"}, "kind", "Valitse jokin annetuista vaihtoehdoista."),
        ({"company": "", "company_project_id": "", "project_id": ""}, "company", "Anna yritys"),
        ({"company_project_id": "abc"}, "company_project_id", "Valitse jokin annetuista vaihtoehdoista."),
        ({"evidence": "Työllistyi: 131052-308T"}, "evidence", "henkilötunnuksen"),
        ({"company": "Yritys\x00Oy"}, "company", "ohjausmerkit"),
    ],
)
def test_bad_input_is_refused_with_a_finnish_message_and_the_text_kept(client, people, values, field, message):
    target = job_target(people.case)
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/jobs/new", data=entry_form(target, **values))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    if field != "evidence":
        assert "Yrityksen tiedote 29.2.2024." in page.find(name="evidence").text
    assert _count() == 0


def test_an_objective_of_another_case_or_a_general_objective_is_refused(client, people):
    other = job_target(factories.CaseFactory())
    general = job_target(people.case, title="Yleinen")
    general.kind = general.kind.GENERAL
    db.session.commit()
    job_target(people.case)
    sign_in(client, people.editor)
    for objective in (other, general):
        response = client.post(f"/cases/{people.case.id}/jobs/new", data=entry_form(objective))
        assert response.status_code == 422
        assert "Valitse tämän tapauksen työpaikkatavoite." in field_error(page_of(response), "objective_id")
    assert _count() == 0


def test_an_entry_of_another_case_is_404(client, people):
    other = entry(job_target(factories.CaseFactory()), 5)
    sign_in(client, people.coordinator)
    assert client.get(f"/cases/{people.case.id}/jobs/{other.id}/edit").status_code == 404
    assert client.post(f"/cases/{people.case.id}/jobs/{other.id}/delete").status_code == 404
    assert _count() == 1


def test_a_realised_entry_above_10_000_asks_for_confirmation(client, people):
    target = job_target(people.case)
    sign_in(client, people.editor)
    url = f"/cases/{people.case.id}/jobs/new"
    response = client.post(url, data=entry_form(target, jobs="12000"))
    assert response.status_code == 422
    page = page_of(response)
    assert page.by_id("confirm-large").find(name="confirm_large")
    assert "poikkeuksellisen paljon" in field_error(page, "confirm_large")
    assert page.find(name="jobs").attrs["value"] == "12000"
    assert _count() == 0
    # A planned entry of the same size, and a realised one of exactly 10 000, need no confirmation.
    assert client.post(url, data=entry_form(target, jobs="12000", kind="PLANNED")).status_code == 302
    assert client.post(url, data=entry_form(target, jobs="10000")).status_code == 302
    assert client.post(url, data=entry_form(target, jobs="12000", confirm_large="y")).status_code == 302
    assert sorted(db.session.scalars(select(JobEntry.jobs))) == [10000, 12000, 12000]


def test_an_editor_edits_and_deletes_an_entry(client, people):
    target = job_target(people.case)
    row = entry(target, 10)
    sign_in(client, people.editor)
    edit = f"/cases/{people.case.id}/jobs/{row.id}/edit"
    page = page_of(client.get(edit))
    loaded = page.find(name="loaded").attrs["value"]
    form = entry_form(target, jobs="12", company="Yritys Oy", evidence="", verified=None)
    assert client.post(edit, data={**form, "version": "1", "loaded": loaded}).status_code == 302
    assert db.session.get(JobEntry, row.id).jobs == 12
    assert client.post(f"/cases/{people.case.id}/jobs/{row.id}/delete").status_code == 302
    assert _count() == 0


def test_observer_reads_but_may_not_record(client, people):
    target = job_target(people.case)
    entry(target, 5)
    sign_in(client, people.observer)
    page = client.get(f"/cases/{people.case.id}/jobs").get_data(as_text=True)
    assert "Uusi työpaikkakirjaus" not in page
    assert client.get(f"/cases/{people.case.id}/jobs/new").status_code == 403
    assert client.post(f"/cases/{people.case.id}/jobs/new", data=entry_form(target)).status_code == 403
    client.post("/logout")
    sign_in(client, people.outsider)
    assert client.get(f"/cases/{people.case.id}/jobs").status_code == 404


def _merge_base(client, people, row, target):
    edit = f"/cases/{people.case.id}/jobs/{row.id}/edit"
    loaded = page_of(client.get(edit)).find(name="loaded").attrs["value"]
    base = entry_form(target, jobs=str(row.jobs), company=row.company, evidence="", verified=None)
    return edit, {**base, "version": str(row.version), "loaded": loaded}


def test_two_editors_changing_different_fields_both_keep_their_changes(client, people):
    target = job_target(people.case)
    row = entry(target, 10)
    sign_in(client, people.editor)
    edit, base = _merge_base(client, people, row, target)
    assert client.post(edit, data={**base, "jobs": "15"}).status_code == 302
    assert client.post(edit, data={**base, "evidence": "Lehdistötiedote"}).status_code == 302  # on the old version
    saved = db.session.get(JobEntry, row.id)
    assert (saved.jobs, saved.evidence) == (15, "Lehdistötiedote")


def test_both_changing_the_count_shows_the_merge_page(client, people):
    target = job_target(people.case)
    row = entry(target, 10)
    sign_in(client, people.editor)
    edit, base = _merge_base(client, people, row, target)
    assert client.post(edit, data={**base, "jobs": "15"}).status_code == 302
    response = client.post(edit, data={**base, "jobs": "20"})
    assert response.status_code == 409
    page = page_of(response)
    assert "Kirjausta muutettiin samaan aikaan" in page.text
    assert page.find(name="merge-jobs")
    assert db.session.get(JobEntry, row.id).jobs == 15
    choose_theirs = {**base, "jobs": "20", "merge-jobs": "theirs"}
    choose_theirs["version"] = page.find(name="version").attrs["value"]
    choose_theirs["loaded"] = page.find(name="loaded").attrs["value"]
    assert client.post(edit, data=choose_theirs).status_code == 302
    assert db.session.get(JobEntry, row.id).jobs == 15


def test_two_threads_saving_the_same_entry_at_once_never_answer_500(app, people):
    target = job_target(people.case)
    row = entry(target, 1, company="Biotehdas Oy", evidence="")
    edit = f"/cases/{people.case.id}/jobs/{row.id}/edit"
    loaded = json.dumps({"jobs": ["1"]})
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)

    def save(client, index):
        form = entry_form(target, jobs=str(2 + index), evidence="", verified=None)
        return client.post(edit, data={**form, "version": "1", "loaded": loaded})

    statuses = post_at_once(app, clients, save, rounds=4)
    assert set(statuses) <= {302, 409}, statuses
    assert 302 in statuses, statuses
    db.session.expire_all()
    saved = db.session.get(JobEntry, row.id)
    assert saved.jobs in (2, 3)
    assert _count() == 1


def test_company_projects_show_the_jobs_created_so_far(client, people):
    target = job_target(people.case)
    project = company_project(people.case, promised=40)
    entry(target, 12, company_project_id=project.id)
    entry(target, 30, kind=JobKind.PLANNED, company_project_id=project.id)  # planned: not created
    sign_in(client, people.editor)
    page = page_of(client.get(f"/cases/{people.case.id}/company-projects"))
    assert page.by_id(f"company-project-{project.id}").find("td", data_figure="created").text == "12"
    totals = page.by_id("company-project-totals")
    assert totals.find("dd", data_figure="promised").text == "40"
    url = f"/cases/{people.case.id}/company-projects/new"
    data = {"company": "Uusi Oy", "name": "Tehdas", "kind": "DEVELOPMENT", "promised_jobs": "-3"}
    response = client.post(url, data=data)
    assert response.status_code == 422 and "Anna luvatut työpaikat väliltä" in field_error(
        page_of(response), "promised_jobs"
    )
    assert client.post(url, data={**data, "promised_jobs": "25", "note": "131052-308T"}).status_code == 422
    assert client.post(url, data={**data, "promised_jobs": "25"}).status_code == 302
    assert _count(CompanyProject) == 2
    # The entry form starts linked to the project it was opened from.
    new = page_of(client.get(f"/cases/{people.case.id}/jobs/new?company_project={project.id}"))
    assert field_value(new, "company_project_id") == str(project.id)
    assert client.post(f"/cases/{people.case.id}/company-projects/{project.id}/delete").status_code == 302
    assert db.session.scalar(select(JobEntry.company_project_id).limit(1)) is None  # the entries stay


def test_development_grants_with_totals(client, people):
    sign_in(client, people.editor)
    url = f"/cases/{people.case.id}/development-grants/new"
    data = {"company": "Biotehdas Oy", "amount": "45 000,50", "granted_on": "2022-03-01", "funder": "ELY"}
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data={**data, "company": "Toinen Oy", "amount": "10000"}).status_code == 302
    for amount, message in (("-5", "negatiivinen"), ("paljon", "Anna määrä numeroina"), ("", "Anna avustuksen")):
        response = client.post(url, data={**data, "amount": amount})
        assert response.status_code == 422 and message in field_error(page_of(response), "amount")
    other = company_project(factories.CaseFactory())
    response = client.post(url, data={**data, "company_project_id": str(other.id)})
    assert response.status_code == 422
    page = page_of(client.get(f"/cases/{people.case.id}/development-grants"))
    totals = page.by_id("grant-totals")
    assert totals.find("dd", data_figure="count").text == "2"
    assert _plain(totals.find("dd", data_figure="amount").text) == "55 000,50 €"
    grant = db.session.scalar(select(DevelopmentGrant).order_by(DevelopmentGrant.id))
    assert client.get(f"/cases/{people.case.id}/development-grants/{grant.id}/edit").status_code == 200
    assert client.post(f"/cases/{people.case.id}/development-grants/{grant.id}/delete").status_code == 302
    assert _count(DevelopmentGrant) == 1


def test_the_dashboard_panel_shows_the_figures_or_a_clear_empty_state(client, people):
    sign_in(client, people.coordinator)
    panel = page_of(client.get(f"/cases/{people.case.id}")).by_id("jobs-panel")
    assert "ei ole vielä työpaikkatavoitetta" in panel.text
    assert panel.find("a", text="Lisää työpaikkatavoite")
    target = job_target(people.case)
    panel = page_of(client.get(f"/cases/{people.case.id}")).by_id("jobs-panel")
    assert panel.find("a", text="Kirjaa ensimmäiset työpaikat")
    entry(target, 226, verified=True)
    entry(target, 486, kind=JobKind.PLANNED)
    panel = page_of(client.get(f"/cases/{people.case.id}")).by_id("jobs-panel")
    assert panel.find("dd", data_figure="realised").text.startswith("226")
    assert panel.find("dd", data_figure="planned").text == "486"
    assert panel.find("figure", class_="chart")


@pytest.mark.parametrize(
    ("query", "message"),
    [("kind=NOPE", "Tuntematon laji."), ("source=X", "Tuntematon lähde."), ("verified=maybe", "Tuntematon varmennus")],
)
def test_a_bad_filter_is_named_and_ignored(client, people, query, message):
    entry(job_target(people.case), 7, company="Näkyvä Oy")
    sign_in(client, people.observer)
    response = client.get(f"/cases/{people.case.id}/jobs?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True) and "Näkyvä Oy" in response.get_data(as_text=True)


def test_the_ledger_filters_by_kind_source_and_verified(client, people):
    target = job_target(people.case)
    entry(target, 7, company="Toteutunut Oy", verified=True)
    entry(target, 8, kind=JobKind.PLANNED, company="Suunniteltu Oy")
    sign_in(client, people.observer)
    page = client.get(f"/cases/{people.case.id}/jobs?kind=PLANNED").get_data(as_text=True)
    assert "Suunniteltu Oy" in page and "Toteutunut Oy" not in page
    page = client.get(f"/cases/{people.case.id}/jobs?verified=yes&source=COMPANY").get_data(as_text=True)
    assert "Toteutunut Oy" in page and "Suunniteltu Oy" not in page
