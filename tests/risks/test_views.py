"""The risk register through its pages: saves, refusals, assessments and trends, proposals, merge, comments."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from arm.core.comments import Comment
from arm.core.models import AuditEvent
from arm.extensions import db
from arm.risks.models import Risk, RiskAssessment, RiskCategory, RiskStatus
from tests import factories
from tests.conftest import sign_in
from tests.factories import days_from_today
from tests.markup import field_error, page_of
from tests.races import post_at_once
from tests.risks.helpers import risk_form


@pytest.fixture
def people(case_with_network):
    return case_with_network


def _membership_id(people, user) -> int:
    from arm.cases.models import Membership

    return db.session.scalar(
        select(Membership.id).where(Membership.case_id == people.case.id, Membership.user_id == user.id)
    )


def test_editor_adds_a_risk_with_its_first_assessment(client, people):
    sign_in(client, people.editor)
    action = factories.ActionFactory(case=people.case, title="Rahoitushaku")
    owner = _membership_id(people, people.member)
    response = client.post(
        f"/cases/{people.case.id}/risks/new",
        data=risk_form(owner_id=str(owner), action_ids=[str(action.id)], next_review_on=str(days_from_today(14))),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    risk = db.session.scalar(select(Risk))
    assert response.location.endswith(f"/risks/{risk.id}")
    assert (risk.likelihood, risk.impact, risk.score, risk.owner_id) == (3, 4, 12, owner)
    assert [link.action_id for link in risk.action_links] == [action.id]
    assessment = db.session.scalar(select(RiskAssessment))
    assert (assessment.likelihood, assessment.impact, assessment.assessed_by_id) == (3, 4, people.editor.id)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "Risk")) == "create"
    page = page_of(client.get(f"/cases/{people.case.id}/risks/{risk.id}"))
    assert "12" in page.by_id("risk-score").text and page.by_id("risk-trend").text == "Ennallaan"
    assert "Rahoitushaku" in page.text


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"likelihood": "0"}, "likelihood", "Valitse todennäköisyys asteikolta 1–5."),
        ({"likelihood": "6"}, "likelihood", "Valitse todennäköisyys asteikolta 1–5."),
        ({"likelihood": "paljon"}, "likelihood", "Valitse todennäköisyys asteikolta 1–5."),
        ({"impact": "-1"}, "impact", "Valitse vaikutus asteikolta 1–5."),
        ({"impact": ""}, "impact", "Valitse vaikutus asteikolta 1–5."),
        ({"title": "  "}, "title", "Anna riskille nimi."),
        ({"next_review_on": "2020-01-01"}, "next_review_on", "ei voi olla menneisyydessä"),
        ({"next_review_on": "huomenna"}, "next_review_on", "Anna päivämäärä muodossa vvvv-kk-pp"),
        ({"status": "PROPOSED"}, "status", "Valitse jokin annetuista vaihtoehdoista."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_text_kept(client, people, values, field, message):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/risks/new", data=risk_form(**values))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    assert page.find(name="mitigation").text.strip() == "Haetaan väliaikaista rahoitusta."
    assert db.session.scalar(select(func.count(Risk.id))) == 0


def test_a_link_to_another_cases_action_is_refused(client, people):
    other = factories.ActionFactory()  # of another case
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/risks/new", data=risk_form(action_ids=[str(other.id)]))
    assert response.status_code == 422
    assert "Riskiin voi liittää vain tämän tapauksen toimenpiteitä." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Risk.id))) == 0


def test_an_owner_from_outside_the_network_is_refused(client, people):
    stranger = factories.MembershipFactory()  # a member of another case
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/risks/new", data=risk_form(owner_id=str(stranger.id)))
    assert response.status_code == 422


def test_a_past_review_date_is_kept_on_an_existing_risk(client, people):
    """Only a new risk is refused a past date: an overdue review of an old risk is what the dashboard flags."""
    risk = factories.RiskFactory(case=people.case, next_review_on=days_from_today(-10))
    sign_in(client, people.editor)
    form = risk_form(title=risk.title, likelihood="3", impact="2", next_review_on=str(risk.next_review_on))
    response = client.post(f"/cases/{people.case.id}/risks/{risk.id}/edit", data={**form, "version": str(risk.version)})
    assert response.status_code == 302


def test_raising_the_likelihood_is_a_new_assessment_and_a_rising_trend(client, people):
    risk = factories.RiskFactory(case=people.case, likelihood=2, impact=3)
    sign_in(client, people.editor)
    edit = f"/cases/{people.case.id}/risks/{risk.id}/edit"
    base = risk_form(title=risk.title, likelihood="2", impact="3", version=str(risk.version))
    assert client.post(edit, data={**base, "description": "Tarkennettu"}).status_code == 302
    assert db.session.scalar(select(func.count(RiskAssessment.id))) == 1  # no change of either: no assessment
    risk = db.session.get(Risk, risk.id)
    assert client.post(edit, data={**base, "likelihood": "4", "version": str(risk.version)}).status_code == 302
    assert db.session.scalar(select(func.count(RiskAssessment.id))) == 2
    page = page_of(client.get(f"/cases/{people.case.id}/risks/{risk.id}"))
    assert page.by_id("risk-trend").text == "Nouseva"
    assert len(page.find("section", **{"aria-labelledby": "assessments-heading"}).find("tbody").find_all("tr")) == 2
    register = page_of(client.get(f"/cases/{people.case.id}/risks"))
    assert "Nouseva" in register.by_id(f"risk-{risk.id}").text


def test_observer_reads_but_may_not_edit(client, people):
    risk = factories.RiskFactory(case=people.case)
    sign_in(client, people.observer)
    assert client.get(f"/cases/{people.case.id}/risks").status_code == 200
    page = client.get(f"/cases/{people.case.id}/risks/{risk.id}").get_data(as_text=True)
    assert "Muokkaa" not in page and "Lisää kommentti" not in page
    assert client.get(f"/cases/{people.case.id}/risks/new").status_code == 403


def test_a_risk_of_another_case_is_404(client, people):
    other = factories.RiskFactory()
    sign_in(client, people.coordinator)
    assert client.get(f"/cases/{people.case.id}/risks/{other.id}").status_code == 404
    assert client.get(f"/cases/{people.case.id}/risks/{other.id}/edit").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("likelihood=0", "Todennäköisyys: anna luku 1–5."),
        ("likelihood=6", "Todennäköisyys: anna luku 1–5."),
        ("likelihood=kolme", "Todennäköisyys: anna luku 1–5."),
        ("impact=99999999999999999999", "Vaikutus: anna luku 1–5."),
        ("status=NOPE", "Tuntematon tila."),
        ("category=NOPE", "Tuntematon luokka."),
    ],
)
def test_a_bad_filter_is_named_and_ignored(client, people, query, message):
    factories.RiskFactory(case=people.case, title="Näkyvä riski")
    sign_in(client, people.observer)
    response = client.get(f"/cases/{people.case.id}/risks?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and "Näkyvä riski" in page


def test_the_register_filters_by_cell_category_and_status(client, people):
    factories.RiskFactory(case=people.case, title="Kolme kertaa kaksi", likelihood=3, impact=2)
    factories.RiskFactory(case=people.case, title="Viisi kertaa viisi", likelihood=5, impact=5)
    factories.RiskFactory(case=people.case, title="Suljettu riski", likelihood=3, impact=2, status=RiskStatus.CLOSED)
    sign_in(client, people.observer)
    page = client.get(f"/cases/{people.case.id}/risks?likelihood=3&impact=2&status=active").get_data(as_text=True)
    assert "Kolme kertaa kaksi" in page and "Viisi kertaa viisi" not in page and "Suljettu riski" not in page
    page = client.get(f"/cases/{people.case.id}/risks?status=CLOSED").get_data(as_text=True)
    assert "Suljettu riski" in page and "Kolme kertaa kaksi" not in page


def test_the_heat_map_counts_active_risks_and_links_each_cell(client, people):
    factories.RiskFactory(case=people.case, likelihood=4, impact=5)
    factories.RiskFactory(case=people.case, likelihood=4, impact=5, status=RiskStatus.MITIGATING)
    factories.RiskFactory(case=people.case, likelihood=4, impact=5, status=RiskStatus.CLOSED)
    sign_in(client, people.observer)
    for url in (f"/cases/{people.case.id}/risks", f"/cases/{people.case.id}"):
        page = page_of(client.get(url))
        svg = page.find("svg", class_="heat-map-svg")
        assert svg.attrs["role"] == "group" and svg.find("title").text and svg.find("desc").text
        cell = svg.find("a", **{"data-cell": "4-5"})
        assert cell.find("text").text == "2"
        assert "likelihood=4" in cell.attrs["href"] and "impact=5" in cell.attrs["href"]
        table = page.find("table", class_="heat-map-table")
        assert table.find("caption").text
        row = next(r for r in table.find("tbody").find_all("tr") if r.find("th").text == "4")
        assert row.find_all("td")[4].text == "2"
        assert all(th.attrs.get("scope") in ("col", "row") for th in table.find_all("th"))


def test_the_dashboard_flags_overdue_reviews(client, people):
    factories.RiskFactory(case=people.case, title="Myöhässä oleva", next_review_on=days_from_today(-3))
    factories.RiskFactory(case=people.case, title="Ajallaan oleva", next_review_on=days_from_today(3))
    factories.RiskFactory(
        case=people.case, title="Suljettu myöhässä", next_review_on=days_from_today(-3), status=RiskStatus.CLOSED
    )
    sign_in(client, people.observer)
    page = page_of(client.get(f"/cases/{people.case.id}"))
    page = page.find("section", **{"aria-labelledby": "risks-panel-heading"}).text
    assert "1 riskin arviointi on myöhässä." in page
    assert "Myöhässä oleva" in page and "Ajallaan oleva" not in page and "Suljettu myöhässä" not in page


def test_the_register_notes_that_the_scoring_is_our_design(client, people):
    sign_in(client, people.observer)
    page = page_of(client.get(f"/cases/{people.case.id}/risks"))
    assert "oma valinta" in page.by_id("scoring-note").text


def _proposed(people, key="late_funding") -> Risk:
    risk = Risk(
        case_id=people.case.id,
        title="Ehdotus",
        category=RiskCategory.FUNDING,
        status=RiskStatus.PROPOSED,
        template_key=key,
    )
    db.session.add(risk)
    db.session.commit()
    return risk


def test_a_coordinator_accepts_a_proposed_risk_with_its_assessment(client, people):
    risk = _proposed(people)
    sign_in(client, people.coordinator)
    url = f"/cases/{people.case.id}/risks/{risk.id}/accept"
    prefix = f"accept-{risk.id}-"
    response = client.post(url, data={prefix + "likelihood": "9", prefix + "impact": "2"})
    assert response.status_code == 302
    assert db.session.get(Risk, risk.id).status is RiskStatus.PROPOSED
    assert "Valitse todennäköisyys asteikolta 1–5." in client.get(response.location).get_data(as_text=True)
    response = client.post(url, data={prefix + "likelihood": "4", prefix + "impact": "2"})
    assert response.status_code == 302
    risk = db.session.get(Risk, risk.id)
    assert (risk.status, risk.score) == (RiskStatus.OPEN, 8)
    assert db.session.scalar(select(func.count(RiskAssessment.id))) == 1


def test_a_coordinator_discards_a_proposed_risk_and_its_comments(client, people):
    risk = _proposed(people)
    sign_in(client, people.member)
    client.post(f"/cases/{people.case.id}/comments/risk/{risk.id}", data={"body": "Tarpeeton meillä"})
    assert db.session.scalar(select(func.count(Comment.id))) == 1
    client.post("/logout")
    sign_in(client, people.coordinator)
    risk_id = risk.id
    assert client.post(f"/cases/{people.case.id}/risks/{risk_id}/discard").status_code == 302
    assert db.session.get(Risk, risk_id) is None
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_an_open_risk_cannot_be_discarded(client, people):
    risk = factories.RiskFactory(case=people.case)
    sign_in(client, people.coordinator)
    client.post(f"/cases/{people.case.id}/risks/{risk.id}/discard")
    assert db.session.get(Risk, risk.id) is not None


def test_members_comment_on_a_risk_and_observers_read(client, people):
    risk = factories.RiskFactory(case=people.case)
    url = f"/cases/{people.case.id}/comments/risk/{risk.id}"
    sign_in(client, people.member)
    response = client.post(url, data={"body": "Seurataan **viikoittain**."})
    assert response.status_code == 302 and response.location.endswith(f"/risks/{risk.id}#comments")
    empty = client.post(url, data={"body": "   "})
    assert empty.status_code == 422 and "Kirjoita kommentti." in empty.get_data(as_text=True)
    hetu = client.post(url, data={"body": "Henkilö 131052-308T soitti"})
    assert hetu.status_code == 422 and "131052-308T" in hetu.get_data(as_text=True)  # the text kept on the page
    client.post("/logout")
    sign_in(client, people.observer)
    page = client.get(f"/cases/{people.case.id}/risks/{risk.id}").get_data(as_text=True)
    assert "<strong>viikoittain</strong>" in page
    assert client.post(url, data={"body": "Tarkkailijan kommentti"}).status_code == 403
    assert db.session.scalar(select(func.count(Comment.id))) == 1


def test_a_comment_on_an_unknown_entity_or_another_cases_object_is_404(client, people):
    other = factories.RiskFactory()
    sign_in(client, people.member)
    assert client.post(f"/cases/{people.case.id}/comments/risk/{other.id}", data={"body": "x"}).status_code == 404
    assert client.post(f"/cases/{people.case.id}/comments/nothing/1", data={"body": "x"}).status_code == 404
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_two_editors_changing_different_fields_both_keep_their_changes(client, people, app):
    risk = factories.RiskFactory(case=people.case, likelihood=2, impact=2)
    edit = f"/cases/{people.case.id}/risks/{risk.id}/edit"
    sign_in(client, people.editor)
    page = page_of(client.get(edit))
    loaded = page.find(name="loaded").attrs["value"]
    base = risk_form(
        title=risk.title,
        description="",
        mitigation="",
        likelihood="2",
        impact="2",
        next_review_on=str(risk.next_review_on),
        version=str(risk.version),
        loaded=loaded,
    )
    assert client.post(edit, data={**base, "impact": "5"}).status_code == 302
    response = client.post(edit, data={**base, "mitigation": "Uusi hallintakeino"})  # on the old version
    assert response.status_code == 302
    risk = db.session.get(Risk, risk.id)
    assert (risk.impact, risk.mitigation) == (5, "Uusi hallintakeino")


def test_both_changing_the_likelihood_shows_the_merge_page(client, people):
    risk = factories.RiskFactory(case=people.case, likelihood=2, impact=2)
    edit = f"/cases/{people.case.id}/risks/{risk.id}/edit"
    sign_in(client, people.editor)
    loaded = page_of(client.get(edit)).find(name="loaded").attrs["value"]
    base = risk_form(title=risk.title, likelihood="2", impact="2", version=str(risk.version), loaded=loaded)
    assert client.post(edit, data={**base, "likelihood": "4"}).status_code == 302
    response = client.post(edit, data={**base, "likelihood": "5"})
    assert response.status_code == 409
    assert "Riskiä muutettiin samaan aikaan" in response.get_data(as_text=True)


def test_two_threads_saving_at_once_never_lose_an_assessment(app, people):
    """Racing saves of the same risk: each is saved (302) or sent to the merge (409), never a 500, and every
    likelihood that was saved is an assessment of its own."""
    risk = factories.RiskFactory(case=people.case, likelihood=1, impact=1)
    edit = f"/cases/{people.case.id}/risks/{risk.id}/edit"
    loaded = json.dumps({"likelihood": ["1"], "impact": ["1"]})
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)

    def save(client, index):
        form = risk_form(title=risk.title, likelihood=str(2 + index), impact="1")
        return client.post(edit, data={**form, "version": "1", "loaded": loaded})

    statuses = post_at_once(app, clients, save, rounds=5)
    assert set(statuses) <= {302, 409}, statuses
    assert 302 in statuses, statuses
    db.session.expire_all()  # the threads' requests saved on sessions of their own
    saved = db.session.get(Risk, risk.id)
    assert saved.likelihood in (2, 3)
    latest = db.session.scalar(
        select(RiskAssessment).where(RiskAssessment.risk_id == risk.id).order_by(RiskAssessment.id.desc()).limit(1)
    )
    assert (latest.likelihood, latest.impact) == (saved.likelihood, saved.impact)


def test_review_is_overdue_only_for_active_risks():
    from datetime import date

    today = date(2026, 6, 15)
    risk = Risk(status=RiskStatus.OPEN, next_review_on=today - timedelta(days=1))
    assert risk.is_review_overdue(today)
    risk.status = RiskStatus.CLOSED
    assert not risk.is_review_overdue(today)
    risk.status, risk.next_review_on = RiskStatus.MITIGATING, today
    assert not risk.is_review_overdue(today)
