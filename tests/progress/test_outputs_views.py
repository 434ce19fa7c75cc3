"""The outputs page through its requests: saves, refusals, totals, filters, merge, race, delete, statements."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from arm.core.models import AuditEvent
from arm.extensions import db
from arm.progress.models import OutputEntry, OutputKind
from tests import factories
from tests.conftest import count_queries, sign_in
from tests.markup import field_error, page_of
from tests.progress.outcome_helpers import HETU, add_output, bulk_outputs, output_form
from tests.races import post_at_once


@pytest.fixture
def people(case_with_network):
    return case_with_network


def _count() -> int:
    return db.session.scalar(select(func.count(OutputEntry.id)))


def test_editor_records_an_output_for_a_project(client, people):
    project = factories.ProjectFactory(case=people.case, name="Kemi-Tornion alueen hoito")
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/outputs/new", data=output_form(project_id=str(project.id)))
    assert response.status_code == 302, response.get_data(as_text=True)
    entry = db.session.scalar(select(OutputEntry))
    assert (entry.kind, entry.amount, entry.project_id, entry.name) == (
        OutputKind.EVENT_PARTICIPANTS,
        3500,
        project.id,
        "",
    )
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "OutputEntry")) == "create"
    page = page_of(client.get(f"/cases/{people.case.id}/outputs"))
    assert "Kemi-Tornion alueen hoito" in page.by_id(f"output-{entry.id}").text
    assert (
        page.by_id("output-totals")
        .find("tr", **{"data-kind": "EVENT_PARTICIPANTS"})
        .find("td", **{"data-total": ""})
        .text
        == "3 500"
    )


def test_totals_per_kind_all_time_and_per_year(client, people):
    add_output(people.case, amount=100, dated_on=date(2022, 3, 1))
    add_output(people.case, amount=250, dated_on=date(2023, 3, 1))
    add_output(people.case, kind=OutputKind.COMPANIES_REACHED, amount=50)
    add_output(people.case, kind=OutputKind.OTHER, name="Rekrytointipäivät", amount=7)
    add_output(people.case, kind=OutputKind.OTHER, name="Digipajat", amount=3)
    sign_in(client, people.observer)
    table = page_of(client.get(f"/cases/{people.case.id}/outputs")).by_id("output-totals")
    assert table.table_rows("thead")[0] == ["Tuotos", "2022", "2023", "Kaikkiaan"]
    assert table.table_rows() == [
        ["Tapahtumien osallistujat", "100", "250", "350"],
        ["Tavoitetut yritykset", "0", "50", "50"],
        ["Digipajat", "0", "3", "3"],
        ["Rekrytointipäivät", "0", "7", "7"],
    ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"amount": "-1"}, "amount", "Määrä ei voi olla negatiivinen."),
        ({"amount": "1000001"}, "amount", "Määrä on liian suuri: enintään 1"),
        ({"amount": "99999999999999999999999"}, "amount", "Määrä on liian suuri"),
        ({"amount": "kolme"}, "amount", "Anna kokonaisluku numeroina"),
        ({"amount": "3,5"}, "amount", "Anna kokonaisluku numeroina"),
        ({"amount": ""}, "amount", "Anna määrä kokonaislukuna."),
        ({"source": "  "}, "source", "Kerro luvun lähde"),
        ({"source": f"Lista {HETU}"}, "source", "henkilötunnuksen"),
        ({"note": f"Osallistuja {HETU}"}, "note", "henkilötunnuksen"),
        ({"kind": "OTHER", "name": ""}, "name", "Anna muun tuotoksen nimi"),
        ({"kind": "JOBS"}, "kind", "Valitse jokin annetuista vaihtoehdoista."),
        ({"dated_on": "eilen"}, "dated_on", "Anna päivämäärä muodossa vvvv-kk-pp"),
        ({"dated_on": "2099-01-01"}, "dated_on", "ei voi olla tulevaisuudessa"),
        ({"dated_on": "0001-01-01"}, "dated_on", "vuodesta 1990"),
    ],
)
def test_bad_input_is_refused_with_a_finnish_message_and_the_text_kept(client, people, values, field, message):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/outputs/new", data=output_form(**values))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    assert page.find(name="note").text.strip() == values.get("note", "Oppilaitosten tapahtumat")
    if field == "amount":
        assert page.find(name="amount").attrs.get("value", "") == values["amount"]
    assert _count() == 0


def test_a_project_of_another_case_is_refused(client, people):
    other = factories.ProjectFactory()
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/outputs/new", data=output_form(project_id=str(other.id)))
    assert response.status_code == 422
    assert "Valitse jokin annetuista vaihtoehdoista." in field_error(page_of(response), "project_id")
    assert _count() == 0


def test_an_output_of_another_case_is_not_found(client, people):
    other = add_output(factories.CaseFactory())
    sign_in(client, people.coordinator)
    base = f"/cases/{people.case.id}/outputs/{other.id}"
    assert client.get(base + "/edit").status_code == 404
    assert client.post(base + "/edit", data=output_form(version="1")).status_code == 404
    assert client.post(base + "/delete").status_code == 404
    assert _count() == 1


def test_observers_read_but_do_not_write_and_outsiders_see_nothing(app, client, people):
    entry = add_output(people.case)
    sign_in(client, people.observer)
    assert client.get(f"/cases/{people.case.id}/outputs").status_code == 200
    assert client.post(f"/cases/{people.case.id}/outputs/new", data=output_form()).status_code == 403
    assert client.post(f"/cases/{people.case.id}/outputs/{entry.id}/delete").status_code == 403
    outsider = app.test_client()
    sign_in(outsider, people.outsider)
    assert outsider.get(f"/cases/{people.case.id}/outputs").status_code == 404


def test_the_list_filters_by_kind_and_project_and_names_a_bad_filter(client, people):
    project = factories.ProjectFactory(case=people.case)
    on_project = add_output(people.case, project_id=project.id, amount=11)
    for_case = add_output(people.case, kind=OutputKind.STUDIES, amount=2)
    sign_in(client, people.observer)
    url = f"/cases/{people.case.id}/outputs"
    page = page_of(client.get(url, query_string={"project": str(project.id)}))
    assert [row.attrs["id"] for row in page.by_id("output-list").find("tbody").find_all("tr")] == [
        f"output-{on_project.id}"
    ]
    page = page_of(client.get(url, query_string={"project": "case", "kind": "STUDIES"}))
    assert [row.attrs["id"] for row in page.by_id("output-list").find("tbody").find_all("tr")] == [
        f"output-{for_case.id}"
    ]
    other = factories.ProjectFactory()
    response = client.get(url, query_string={"project": str(other.id), "kind": "NOPE"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Hanketta ei löydy tästä tapauksesta" in text and "Tuntematon tuotoksen laji" in text


def test_edit_and_delete_with_confirmation(client, people):
    entry = add_output(people.case, amount=10)
    sign_in(client, people.editor)
    edit = f"/cases/{people.case.id}/outputs/{entry.id}/edit"
    loaded = page_of(client.get(edit)).find(name="loaded").attrs["value"]
    response = client.post(edit, data=output_form(amount="12", version="1", loaded=loaded, dated_on="2023-07-31"))
    assert response.status_code == 302
    assert db.session.get(OutputEntry, entry.id).amount == 12
    assert client.post(f"/cases/{people.case.id}/outputs/{entry.id}/delete").status_code == 302
    assert _count() == 0


def test_two_editors_changing_different_fields_both_keep_theirs_and_the_same_field_goes_to_the_merge(client, people):
    entry = add_output(people.case, amount=10, source="Raportti", note="")
    edit = f"/cases/{people.case.id}/outputs/{entry.id}/edit"
    sign_in(client, people.editor)
    loaded = page_of(client.get(edit)).find(name="loaded").attrs["value"]
    base = output_form(amount="10", source="Raportti", note="", version="1", loaded=loaded)
    assert client.post(edit, data={**base, "amount": "20"}).status_code == 302
    assert client.post(edit, data={**base, "note": "Tarkistettu"}).status_code == 302  # on the old version
    saved = db.session.get(OutputEntry, entry.id)
    assert (saved.amount, saved.note) == (20, "Tarkistettu")
    response = client.post(edit, data={**base, "amount": "30"})
    assert response.status_code == 409
    assert "Tuotosta muutettiin samaan aikaan" in response.get_data(as_text=True)
    assert db.session.get(OutputEntry, entry.id).amount == 20


def test_two_threads_saving_the_same_output_at_once(app, people):
    entry = add_output(people.case, amount=1)
    edit = f"/cases/{people.case.id}/outputs/{entry.id}/edit"
    loaded = json.dumps({"amount": ["1"]})
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)

    def save(client, index):
        return client.post(edit, data=output_form(amount=str(2 + index), version="1", loaded=loaded))

    statuses = post_at_once(app, clients, save, rounds=5)
    assert set(statuses) <= {302, 409}, statuses
    assert 302 in statuses
    db.session.expire_all()
    saved = db.session.get(OutputEntry, entry.id)
    assert saved.amount in (2, 3) and saved.version > 1


def test_the_statement_count_does_not_grow_with_rows(app, client, people):
    sign_in(client, people.observer)
    counts = []
    for rows in (3, 150):
        bulk_outputs(people.case, rows)
        with count_queries(app) as statements:
            assert client.get(f"/cases/{people.case.id}/outputs").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
