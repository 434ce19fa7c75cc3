"""The plan's proposal for state funding: funding requests, their form, totals, the funding page and the export."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from arm.core.models import AuditEvent
from arm.extensions import db
from arm.plans.models import Funder, FundingRequest, FundingRequestStatus
from tests import factories
from tests.conftest import count_queries, sign_in, sign_in_without_password
from tests.markup import dd_after, field_error, field_value, page_of, parse
from tests.plans.conftest import build_plan_case


def _form(**overrides):
    data = {
        "title": "Veitsiluodon teollisuusalueen infrastruktuuri",
        "description": "Tiet ja **raiteet**",
        "funder": "TEM_ARM",
        "programme": "Äkillisen rakennemuutoksen tuki",
        "amount_asked": "1 200 000",
        "status": "SUBMITTED",
        "amount_granted": "",
        "decided_on": "",
        "notes": "Jätetty maakunnan liiton kautta.",
    }
    data.update(overrides)
    return data


def _url(people, tail: str = "") -> str:
    return f"/cases/{people.case.id}/funding-requests{tail}"


def test_editor_creates_a_request_serving_actions_realised_by_a_grant(client, plan_case):
    grant = factories.GrantFactory(project=factories.ProjectFactory(case=plan_case.case, name="Satama-hanke"))
    sign_in(client, plan_case.editor)
    data = _form(
        status="GRANTED",
        amount_granted="1 000 000",
        decided_on="2021-10-01",
        action_ids=[str(plan_case.own_action.id), str(plan_case.other_action.id)],
        grant_ids=[str(grant.id)],
    )
    response = client.post(_url(plan_case, "/new"), data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = db.session.scalar(db.select(FundingRequest))
    assert saved.amount_asked == Decimal("1200000") and saved.amount_granted == Decimal("1000000")
    assert saved.status is FundingRequestStatus.GRANTED and saved.funder is Funder.TEM_ARM
    assert {link.action_id for link in saved.action_links} == {plan_case.own_action.id, plan_case.other_action.id}
    page = page_of(client.get(response.location))
    assert dd_after(page, "Haettu (€)") == "1 200 000,00"
    assert dd_after(page, "Myönnetty (€)") == "1 000 000,00"
    assert dd_after(page, "Päätöspäivä") == "1.10.2021"
    assert [s.text for s in page.find("div", class_="markdown").find_all("strong")] == ["raiteet"]
    grants = page.find("section", aria_labelledby="request-grants")
    assert "Satama-hanke" in grants.text and "TEM:n ÄRM-rahoitus" in grants.text
    assert page.find_all(data_flag="granted-more") == []
    assert db.session.scalar(
        db.select(AuditEvent.id).where(AuditEvent.entity == "FundingRequest", AuditEvent.entity_id == saved.id)
    )


def test_the_list_shows_totals_per_status_and_the_funding_page_per_funder(client, plan_case):
    case = plan_case.case
    make = factories.FundingRequestFactory
    make(case=case, amount_asked=Decimal(1000), status=FundingRequestStatus.SUBMITTED)
    make(
        case=case, amount_asked=Decimal(2000), amount_granted=Decimal(1500), status=FundingRequestStatus.GRANTED_IN_PART
    )
    make(
        case=case,
        funder=Funder.OKM,
        amount_asked=None,
        amount_granted=Decimal(700),
        status=FundingRequestStatus.GRANTED,
    )
    sign_in(client, plan_case.observer)
    page = page_of(client.get(_url(plan_case)))
    assert len(page.by_id("funding-requests").table_rows()) == 3
    totals = page.find("section", aria_labelledby="request-totals")
    assert totals.table_rows() == [
        ["Jätetty", "1", "1 000,00", "0,00"],
        ["Myönnetty osittain", "1", "2 000,00", "1 500,00"],
        ["Myönnetty", "1", "0,00 (1 summa puuttuu)", "700,00"],
    ]
    assert totals.table_rows("tfoot") == [["Yhteensä", "3", "3 000,00", "2 200,00"]]
    assert page.find_all("a", href=_url(plan_case, "/new")) == []  # observers read only
    funding = page_of(client.get(f"/cases/{case.id}/funding"))
    assert funding.find("section", aria_labelledby="requested").table_rows() == [
        ["TEM:n ÄRM-rahoitus", "–", "2", "3 000,00", "1 500,00"],
        ["Opetus- ja kulttuuriministeriö (OKM)", "–", "1", "0,00", "700,00"],
    ]


def test_granted_more_than_asked_is_saved_and_flagged(client, plan_case):
    sign_in(client, plan_case.editor)
    response = client.post(_url(plan_case, "/new"), data=_form(status="GRANTED", amount_granted="1 500 000"))
    assert response.status_code == 302
    assert page_of(client.get(response.location)).find_all(data_flag="granted-more")
    assert page_of(client.get(_url(plan_case))).find_all(data_flag="granted-more")


TOO_LONG = "x" * 201


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount_asked": "-5"}, "amount_asked", "ei voi olla negatiivinen"),
        ({"amount_granted": "-1"}, "amount_granted", "ei voi olla negatiivinen"),
        ({"amount_asked": "paljon"}, "amount_asked", "numeroina"),
        ({"decided_on": (date.today() + timedelta(days=2)).isoformat()}, "decided_on", "tulevaisuudessa"),
        ({"title": TOO_LONG}, "title", "Enintään 200 merkkiä."),
        ({"title": ""}, "title", "Kerro, mihin rahoitusta haetaan."),
        ({"title": "Tiet\tja raiteet"}, "title", "ohjausmerkit"),
        ({"programme": "Ohjelma\x00"}, "programme", "ohjausmerkit"),
        ({"notes": "Huomio\x07"}, "notes", "ohjausmerkit"),
        ({"description": "x" * 20_001}, "description", "Enintään 20 000 merkkiä."),
        ({"status": "WITHDRAWN"}, "status", "Valitse jokin"),
        ({"funder": "NOBODY"}, "funder", "Valitse jokin"),
    ],
)
def test_bad_input_is_refused_on_its_field_with_the_input_kept(client, plan_case, overrides, field, message):
    sign_in(client, plan_case.editor)
    response = client.post(_url(plan_case, "/new"), data=_form(**overrides))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    assert field_value(page, "notes") == overrides.get("notes", "Jätetty maakunnan liiton kautta.")
    assert db.session.scalar(db.select(FundingRequest.id)) is None


def test_an_action_or_grant_of_another_case_is_refused(client, plan_case):
    other = factories.case_with_people()
    foreign_action = factories.ActionFactory(case=other.case)
    foreign_grant = factories.GrantFactory(project=factories.ProjectFactory(case=other.case))
    sign_in(client, plan_case.editor)
    response = client.post(
        _url(plan_case, "/new"), data=_form(action_ids=[str(foreign_action.id)], grant_ids=[str(foreign_grant.id)])
    )
    assert response.status_code == 422
    page = page_of(response)
    assert "Valitse jokin" in field_error(page, "action_ids")
    assert "Valitse jokin" in field_error(page, "grant_ids")
    assert field_value(page, "title") == "Veitsiluodon teollisuusalueen infrastruktuuri"


def test_the_service_refuses_links_to_another_case(plan_case):
    from arm.core.errors import ValidationError
    from arm.plans import services

    other = factories.case_with_people()
    foreign_grant = factories.GrantFactory(project=factories.ProjectFactory(case=other.case))
    with pytest.raises(ValidationError) as refused:
        services.save_funding_request(
            plan_case.case, None, {"title": "Tiet"}, action_ids=[], grant_ids=[foreign_grant.id]
        )
    assert [field for field, _ in refused.value.errors] == ["grant_ids"]


def test_a_request_of_another_case_is_not_found(client, plan_case):
    other = factories.case_with_people()
    foreign = factories.FundingRequestFactory(case=other.case)
    sign_in(client, plan_case.editor)
    assert client.get(_url(plan_case, f"/{foreign.id}")).status_code == 404
    assert client.get(_url(plan_case, f"/{foreign.id}/edit")).status_code == 404
    assert client.post(_url(plan_case, f"/{foreign.id}/delete")).status_code == 404


def test_edit_keeps_links_and_a_stale_save_is_merged(client, plan_case):
    saved = factories.FundingRequestFactory(case=plan_case.case, title="Tiet")
    sign_in(client, plan_case.editor)
    page = page_of(client.get(_url(plan_case, f"/{saved.id}/edit")))
    version, loaded = field_value(page, "version"), field_value(page, "loaded")
    # Someone else changes the amount meanwhile; this editor changes the title only.
    saved.amount_asked = Decimal(700_000)
    db.session.commit()
    data = _form(title="Tiet ja raiteet", amount_asked="500 000", version=version, loaded=loaded)
    response = client.post(_url(plan_case, f"/{saved.id}/edit"), data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    merged = db.session.get(FundingRequest, saved.id)
    assert merged.title == "Tiet ja raiteet" and merged.amount_asked == Decimal(700_000)


def test_delete_removes_the_request(client, plan_case):
    saved_id = factories.FundingRequestFactory(case=plan_case.case).id
    sign_in(client, plan_case.editor)
    assert client.post(_url(plan_case, f"/{saved_id}/delete")).status_code == 302
    db.session.expire_all()
    assert db.session.get(FundingRequest, saved_id) is None


def test_export_in_the_users_language(client, plan_case):
    factories.FundingRequestFactory(
        case=plan_case.case, title="Tiet", amount_asked=Decimal("1000.50"), amount_granted=Decimal(2000)
    )
    plan_case.observer.locale = "en"
    db.session.commit()
    sign_in(client, plan_case.observer)
    response = client.get(_url(plan_case, "/export.csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=","))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["What for"] == "Tiet" and row["Status"] == "Submitted"
    assert (row["Asked (€)"], row["Granted (€)"], row["Granted more than asked"]) == ("1000.50", "2000.00", "yes")
    assert client.get(_url(plan_case, "/export.xlsx")).status_code == 200


def _bulk_requests(people, count: int) -> None:
    grant = factories.GrantFactory(project=factories.ProjectFactory(case=people.case))
    statuses = list(FundingRequestStatus)
    rows = [
        FundingRequest(
            case_id=people.case.id,
            title=f"Pyyntö {n:05}",
            funder=list(Funder)[n % len(Funder)],
            amount_asked=Decimal(n * 100),
            amount_granted=Decimal(n * 120) if n % 2 else None,
            status=statuses[n % len(statuses)],
        )
        for n in range(count)
    ]
    db.session.add_all(rows)
    db.session.flush()
    from arm.plans.models import FundingRequestAction, FundingRequestGrant

    db.session.add_all(
        FundingRequestAction(case_id=people.case.id, request_id=r.id, action_id=people.own_action.id) for r in rows
    )
    db.session.add_all(FundingRequestGrant(case_id=people.case.id, request_id=r.id, grant_id=grant.id) for r in rows)
    db.session.commit()


@pytest.mark.parametrize("tail", ["", "/export.csv", "/export.xlsx"])
def test_query_count_does_not_grow_with_the_requests(app, client, tail):
    counts = []
    for size in (10, 1000):
        people = build_plan_case()
        _bulk_requests(people, size)
        sign_in_without_password(client, people.observer)
        with count_queries(app) as statements:
            response = client.get(_url(people, tail))
        assert response.status_code == 200
        if not tail:
            assert len(parse(response.get_data(as_text=True)).by_id("funding-requests").table_rows()) == size
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


def test_the_history_of_a_request_moved_from_an_action_reads(client, plan_case):
    """Migration 0007 re-points a STATE_FUNDING action's events to its request; they name the action's fields."""
    moved = factories.FundingRequestFactory(case=plan_case.case, title="Siirretty")
    db.session.add(
        AuditEvent(
            case_id=plan_case.case.id,
            entity="FundingRequest",
            entity_id=moved.id,
            label="Siirretty",
            action="create",
            changes={"category": [None, "state_funding"], "budget": [None, "1000.00"], "status": [None, "ongoing"]},
        )
    )
    db.session.commit()
    sign_in(client, plan_case.coordinator)
    response = client.get(f"/cases/{plan_case.case.id}/history?entity=FundingRequest&entity_id={moved.id}")
    assert response.status_code == 200
    text = page_of(response).text
    assert "Rahoituspyyntö" in text and "Budjetti (€)" in text and "Luokka" in text
    assert "Käynnissä" in text  # the action's status, read by its label
