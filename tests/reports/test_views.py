"""The reports' pages: the list, the new-report form (sections chosen and ordered without JavaScript), the
report page (live draft, frozen submitted), narratives, submission (once, by a coordinator), a new version."""

from datetime import date

import pytest
from sqlalchemy import func, select

from arm.extensions import db
from arm.reports import services
from arm.reports.models import Report, ReportNarrative, ReportStatus, ReportTemplate
from tests.conftest import count_queries, sign_in_without_password
from tests.markup import page_of
from tests.races import post_at_once
from tests.reports.conftest import add_risk

HETU = "131052-308T"


def report_form(**values) -> dict:
    data = {
        "title": "Kevään raportti",
        "period_start": "2024-01-01",
        "period_end": "2024-02-29",
        "sections-counts-include": "y",
        "sections-counts-position": "2",
        "sections-plain-include": "y",
        "sections-plain-position": "1",
        "sections-extra-position": "3",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def make_report(people, **values) -> Report:
    report = services.create_report(
        people.case,
        {
            "title": "Kevään raportti",
            "period_start": date(2024, 1, 1),
            "period_end": date(2024, 2, 29),
            "sections": ["counts", "plain"],
        }
        | values,
        people.coordinator.id,
    )
    db.session.commit()
    return report


def submitted_report(people) -> Report:
    report = make_report(people)
    services.submit_report(report, people.case, people.coordinator, date(2024, 3, 1))
    db.session.commit()
    return report


def base(people) -> str:
    return f"/cases/{people.case.id}/reports"


def test_the_new_report_form_starts_from_the_defaults_and_saves_the_chosen_order(client, people):
    sign_in_without_password(client, people.editor)
    page = page_of(client.get(base(people) + "/new"))
    assert page.find(id="sections-counts-include").attrs.get("checked") is not None
    assert page.find(id="sections-extra-include").attrs.get("checked") is None
    response = client.post(base(people) + "/new", data=report_form(as_template="y"))
    assert response.status_code == 302, response.get_data(as_text=True)
    report = db.session.scalar(select(Report))
    assert report.sections == ["plain", "counts"] and report.number == 1
    assert db.session.scalar(select(ReportTemplate.sections)) == ["plain", "counts"]
    page = page_of(client.get(base(people) + "/new"))
    rows = [element.attrs["id"] for element in page.find_all("input", type="checkbox")]
    assert rows[:2] == ["sections-plain-include", "sections-counts-include"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"period_end": "2023-12-31"}, "Raportointikausi ei voi päättyä ennen kuin se alkaa."),
        ({"sections-nothing-include": "y"}, "Tuntematon raportin osio: nothing."),
        ({"sections-counts-position": "1"}, "Kahdella osiolla on sama järjestysnumero"),
        ({"sections-counts-position": "x"}, "järjestysnumero 1–999"),
        ({"sections-counts-include": None, "sections-plain-include": None}, "Valitse raporttiin ainakin yksi osio."),
        ({"title": f"Raportti {HETU}"}, "henkilötunnuksen"),
        ({"title": "x" * 5000}, "300"),
        ({"period_start": "eilen"}, "vvvv-kk-pp"),
    ],
)
def test_bad_input_is_refused_with_its_message_and_the_text_kept(client, people, values, message):
    sign_in_without_password(client, people.editor)
    response = client.post(base(people) + "/new", data=report_form(**values))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    assert db.session.scalar(select(func.count(Report.id))) == 0


def test_the_draft_page_shows_live_figures_formatted_and_the_submitted_one_its_snapshot(client, people, risks):
    report = make_report(people)
    sign_in_without_password(client, people.observer)
    page = page_of(client.get(f"{base(people)}/{report.id}"))
    facts = page.by_id("section-counts-facts").text.replace("\xa0", " ")
    assert "2 000" in facts and "3,5 %" in facts and "1.2.2024" in facts and "1 234 ennallaan" in facts
    assert "1 234,50 €" in page.by_id("section-counts-table-1").text.replace("\xa0", " ")
    assert page.find("img", class_="chart-image") is not None
    add_risk(people.case)
    assert "3 000" in page_of(client.get(f"{base(people)}/{report.id}")).by_id("section-counts-facts").text.replace(
        "\xa0", " "
    )
    services.submit_report(report, people.case, people.coordinator, date(2024, 3, 1))
    db.session.commit()
    add_risk(people.case, "Vielä yksi")
    page = page_of(client.get(f"{base(people)}/{report.id}"))
    assert "3 000" in page.by_id("section-counts-facts").text.replace("\xa0", " ")
    assert "Vielä yksi" not in page.text


def test_the_page_is_in_the_readers_language(client, people, risks):
    report = make_report(people)
    people.observer.locale = "sv"
    db.session.commit()
    sign_in_without_password(client, people.observer)
    page = page_of(client.get(f"{base(people)}/{report.id}"))
    assert "Risker" in page.by_id("section-counts-heading").text
    assert "2 000" in page.by_id("section-counts-facts").text.replace("\xa0", " ")


def test_a_narrative_is_saved_rendered_sanitised_and_refused_with_a_hetu(client, people):
    report = make_report(people)
    sign_in_without_password(client, people.editor)
    url = f"{base(people)}/{report.id}/sections/counts/text"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"text": "Kasvu **hyvä** <script>alert(1)</script>", "version": "0"})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"{base(people)}/{report.id}").get_data(as_text=True)
    assert "<strong>hyvä</strong>" in page and "<script>alert" not in page
    narrative = db.session.scalar(select(ReportNarrative))
    response = client.post(url, data={"text": f"Henkilö {HETU}", "version": str(narrative.version)})
    assert response.status_code == 422 and f"Henkilö {HETU}" in response.get_data(as_text=True)
    response = client.post(url, data={"text": "x" * 20_001, "version": str(narrative.version)})
    assert response.status_code == 422
    assert client.get(f"{base(people)}/{report.id}/sections/extra/text").status_code == 404


def test_two_editors_saving_one_narrative_merge_or_conflict_never_500(client, people):
    report = make_report(people)
    sign_in_without_password(client, people.editor)
    url = f"{base(people)}/{report.id}/sections/counts/text"
    client.post(url, data={"text": "Alku", "version": "0"})
    narrative = db.session.scalar(select(ReportNarrative))
    loaded = page_of(client.get(url)).find(name="loaded").attrs["value"]
    assert client.post(url, data={"text": "Minun", "version": "1", "loaded": loaded}).status_code == 302
    response = client.post(url, data={"text": "Sinun", "version": "1", "loaded": loaded})
    assert response.status_code == 409
    db.session.refresh(narrative)
    assert narrative.text == "Minun"


def test_only_a_coordinator_submits_after_confirming(client, people):
    report = make_report(people)
    sign_in_without_password(client, people.editor)
    assert client.post(f"{base(people)}/{report.id}/submit").status_code == 403
    sign_in_without_password(client, people.coordinator)
    page = page_of(client.get(f"{base(people)}/{report.id}/submit"))
    assert page.by_id("submit-warning") is not None
    response = client.post(f"{base(people)}/{report.id}/submit")
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.SUBMITTED and report.snapshot is not None


def test_a_submitted_report_refuses_resubmission_and_edits_with_409(client, people):
    report = submitted_report(people)
    sign_in_without_password(client, people.coordinator)
    frozen = dict(report.snapshot)
    for method, path, data in (
        ("post", "/submit", {}),
        ("get", "/submit", None),
        ("post", "/edit", report_form()),
        ("get", "/edit", None),
        ("post", "/sections/counts/text", {"text": "Muutos", "version": "0"}),
    ):
        response = getattr(client, method)(f"{base(people)}/{report.id}{path}", data=data)
        assert response.status_code == 409, (method, path)
        assert "on lähetetty" in page_of(response).by_id("locked-message").text
    db.session.refresh(report)
    assert report.snapshot == frozen
    assert db.session.scalar(select(func.count(ReportNarrative.id))) == 0


def test_two_coordinators_submitting_at_once_make_one_submission(app, people):
    from arm.cases.models import Membership
    from arm.core.permissions import Access
    from tests import factories

    report = make_report(people)
    second = factories.UserFactory(name="Toinen koordinaattori")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == people.coordinator.id))
    factories.MembershipFactory(
        case=people.case, organisation=membership.organisation, user=second, access=Access.COORDINATOR
    )
    db.session.commit()
    clients = [app.test_client(), app.test_client()]
    sign_in_without_password(clients[0], people.coordinator)
    sign_in_without_password(clients[1], second)
    statuses = post_at_once(app, clients, lambda client, _i: client.post(f"{base(people)}/{report.id}/submit"))
    assert sorted(statuses) in ([302, 409], [302, 302]), statuses
    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert report.status == ReportStatus.SUBMITTED
    assert statuses.count(302) == 1 or report.submitted_by_id in (people.coordinator.id, second.id)
    assert sorted(statuses) == [302, 409]


def test_a_new_version_is_a_draft_with_the_next_number(client, people):
    report = submitted_report(people)
    sign_in_without_password(client, people.editor)
    response = client.post(f"{base(people)}/{report.id}/new-version")
    assert response.status_code == 302
    draft = db.session.scalar(select(Report).where(Report.number == 2))
    assert draft.based_on_id == report.id and draft.status == ReportStatus.DRAFT
    assert client.post(f"{base(people)}/{draft.id}/new-version").status_code == 302


def test_the_list_shows_number_period_status_and_submitter(client, people):
    submitted_report(people)
    make_report(people, title="Toinen")
    sign_in_without_password(client, people.observer)
    page = page_of(client.get(base(people)))
    text = page.by_id("reports-table").text
    assert "Kevään raportti" in text and "Toinen" in text and people.coordinator.name in text
    assert "Lähetetty" in text and "Luonnos" in text


def test_the_dashboard_panel_links_the_latest_report(client, people):
    sign_in_without_password(client, people.observer)
    assert "Ei vielä raportteja." in page_of(client.get(f"/cases/{people.case.id}")).by_id("report-panel").text
    submitted_report(people)
    latest = make_report(people, title="Uusin")
    panel = page_of(client.get(f"/cases/{people.case.id}")).by_id("report-panel")
    links = [a.attrs["href"] for a in panel.find_all("a")]
    assert f"{base(people)}/{latest.id}" in links and "Uusin" in panel.text and "Luonnos" in panel.text


def test_a_drafts_period_and_sections_are_edited(client, people):
    report = make_report(people)
    sign_in_without_password(client, people.editor)
    url = f"{base(people)}/{report.id}/edit"
    page = page_of(client.get(url))
    assert page.find(id="sections-counts-include").attrs.get("checked") is not None
    data = report_form(
        period_end="2024-03-31",
        **{"sections-plain-include": None, "sections-extra-include": "y", "version": str(report.version)},
    )
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(report)
    assert report.sections == ["counts", "extra"] and report.period_end == date(2024, 3, 31)
    assert db.session.scalar(select(ReportTemplate.id)) is None  # not saved as the template unless asked


def test_outsiders_get_404_and_observers_cannot_edit(client, people):
    report = make_report(people)
    sign_in_without_password(client, people.outsider)
    assert client.get(base(people)).status_code == 404
    assert client.get(f"{base(people)}/{report.id}").status_code == 404
    assert client.get(f"{base(people)}/{report.id}/export.json").status_code == 404
    sign_in_without_password(client, people.observer)
    assert client.get(f"{base(people)}/{report.id}").status_code == 200
    assert client.get(f"{base(people)}/new").status_code == 403
    assert client.post(f"{base(people)}/{report.id}/sections/counts/text", data={"text": "x"}).status_code == 403


def test_another_cases_report_is_404(client, people):
    from tests import factories

    other = factories.case_with_people()
    report = make_report(other)
    sign_in_without_password(client, people.coordinator)
    assert client.get(f"{base(people)}/{report.id}").status_code == 404


def _statements(app, client, people, *, narratives: bool) -> int:
    report = make_report(people)
    if narratives:
        for key in report.sections:
            services.save_narrative(report, key, 0, "Osion **teksti**.")
        db.session.commit()
    with count_queries(app) as statements:
        assert client.get(f"{base(people)}/{report.id}").status_code == 200
    return len(statements)


def test_the_report_page_issues_a_fixed_number_of_statements(app, client, people):
    """Whatever the number of reports, narratives and rows the sections read (the fake section reads its risks
    in one statement)."""
    from tests import factories

    sign_in_without_password(client, people.observer)
    few = _statements(app, client, people, narratives=False)
    for _n in range(30):
        make_report(people)
    for n in range(40):
        factories.RiskFactory(case=people.case, title=f"R {n}")
    db.session.commit()
    many = _statements(app, client, people, narratives=True)
    assert few == many, (few, many)


def test_the_list_issues_a_fixed_number_of_statements(app, client, people):
    sign_in_without_password(client, people.observer)
    submitted_report(people)
    with count_queries(app) as few:
        client.get(base(people))
    for _n in range(30):
        submitted_report(people)
    with count_queries(app) as many:
        client.get(base(people))
    assert len(few) == len(many)


def test_a_section_that_fails_to_build_leaves_the_draft_readable_and_refuses_submission(
    client, people, fake_sections, monkeypatch
):
    import arm.reports.services
    from arm.core.parts import ReportSection

    def broken(period):
        raise RuntimeError("a bug in an area")

    sections = dict(fake_sections) | {"plain": ReportSection("plain", "Tila", 20, broken)}
    monkeypatch.setattr(arm.reports.services, "report_sections", lambda: sections)
    report = make_report(people)
    sign_in_without_password(client, people.coordinator)
    page = page_of(client.get(f"{base(people)}/{report.id}"))
    assert "ei ole enää saatavilla" in page.by_id("section-plain").text
    assert page.by_id("section-counts-facts") is not None
    response = client.post(f"{base(people)}/{report.id}/submit")
    assert response.status_code == 422 and "raporttia ei lähetetty" in response.get_data(as_text=True)
    db.session.refresh(report)
    assert report.status == ReportStatus.DRAFT and report.snapshot is None


def test_two_editors_writing_a_sections_first_text_at_once_keep_one_row_and_no_500(app, people):
    report = make_report(people)
    clients = [app.test_client(), app.test_client()]
    sign_in_without_password(clients[0], people.editor)
    sign_in_without_password(clients[1], people.coordinator)
    url = f"{base(people)}/{report.id}/sections/counts/text"
    statuses = post_at_once(app, clients, lambda client, i: client.post(url, data={"text": f"T{i}", "version": "0"}))
    assert statuses.count(302) >= 1 and set(statuses) <= {302, 409, 422}, statuses
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ReportNarrative.id))) == 1
