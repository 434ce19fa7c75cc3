"""The report engine on fake sections with known figures: build, freeze, new version, refusals."""

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from arm.core.errors import ValidationError
from arm.extensions import db
from arm.reports import services
from arm.reports.models import Report, ReportStatus, ReportTemplate
from arm.reports.render.document import read_document
from arm.reports.services import ReportLocked
from tests.reports.conftest import add_risk

TODAY = date(2024, 3, 1)


def _data(**values):
    data = {
        "title": "Kevään raportti",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 2, 29),
        "sections": ["counts", "plain"],
    }
    data.update(values)
    return data


def _draft(people, **values) -> Report:
    report = services.create_report(people.case, _data(**values), people.coordinator.id)
    db.session.commit()
    return report


def test_new_reports_start_from_the_defaults_then_from_the_saved_template(people):
    assert services.template_keys(people.case.id) == ["counts", "plain"]
    services.create_report(people.case, _data(sections=["extra", "counts"]), None, as_template=True)
    db.session.commit()
    saved = db.session.scalar(select(ReportTemplate).where(ReportTemplate.case_id == people.case.id))
    assert saved.sections == ["extra", "counts"]
    assert services.template_keys(people.case.id) == ["extra", "counts"]


def test_numbers_follow_each_other(people):
    assert [_draft(people).number, _draft(people).number] == [1, 2]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"period_end": date(2023, 12, 31)}, "period_end"),
        ({"sections": ["counts", "nothing"]}, "sections"),
        ({"sections": ["counts", "counts"]}, "sections"),
        ({"sections": []}, "sections"),
        ({"title": "  "}, "title"),
        ({"title": "x" * 301}, "title"),
    ],
)
def test_bad_report_values_are_refused(people, values, field):
    with pytest.raises(ValidationError) as refused:
        services.create_report(people.case, _data(**values), None)
    assert field in [name for name, _message in refused.value.errors]


def test_a_draft_is_built_live_in_its_order(people, risks):
    report = _draft(people, sections=["plain", "counts"])
    raw = services.build_document(report, people.case, TODAY)
    assert [section["key"] for section in raw["sections"]] == ["plain", "counts"]
    assert raw["sections"][1]["content"]["facts"][0]["value"] == 2000
    add_risk(people.case)
    raw = services.build_document(report, people.case, TODAY)
    assert raw["sections"][1]["content"]["facts"][0]["value"] == 3000


def test_submission_freezes_the_figures_and_narratives(people, risks):
    report = _draft(people)
    services.save_narrative(report, "counts", 0, "Luvut **kasvoivat**.")
    db.session.commit()
    services.submit_report(report, people.case, people.coordinator, TODAY)
    db.session.commit()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by_id == people.coordinator.id and report.submitted_at is not None
    frozen = report.snapshot
    assert frozen["schema_version"] == "1" and frozen["report"]["status"] == "submitted"
    assert frozen["sections"][0]["narrative"] == "Luvut **kasvoivat**."
    assert frozen["case"]["title"] == people.case.title
    add_risk(people.case)
    people.case.title = "Toinen nimi"
    db.session.commit()
    assert services.build_document(report, people.case, date(2025, 1, 1)) == frozen
    assert frozen["sections"][0]["content"]["facts"][0]["value"] == 2000
    with force_locale("fi"):
        document = read_document(services.build_document(report, people.case, TODAY))
    assert document.case_title != "Toinen nimi"


def test_a_submitted_report_refuses_resubmission_and_edits(people):
    report = _draft(people)
    services.submit_report(report, people.case, people.coordinator, TODAY)
    db.session.commit()
    with pytest.raises(ReportLocked):
        services.submit_report(report, people.case, people.coordinator, TODAY)
    with pytest.raises(ReportLocked):
        services.save_narrative(report, "counts", 0, "Muutos")
    with pytest.raises(ReportLocked):
        services.update_report(report, report.version, _data())


def test_a_narrative_only_for_a_chosen_section(people):
    report = _draft(people)
    with pytest.raises(ValidationError):
        services.save_narrative(report, "extra", 0, "Teksti")


def test_a_new_version_copies_sections_and_narratives(people):
    report = _draft(people, sections=["plain", "counts"])
    services.save_narrative(report, "plain", 0, "Teksti")
    services.submit_report(report, people.case, people.coordinator, TODAY)
    db.session.commit()
    draft = services.new_version(report, people.editor.id)
    db.session.commit()
    assert (draft.number, draft.based_on_id, draft.status) == (2, report.id, ReportStatus.DRAFT)
    assert draft.sections == ["plain", "counts"]
    assert [(n.section_key, n.text) for n in draft.narratives] == [("plain", "Teksti")]
    assert services.build_document(draft, people.case, TODAY)["report"]["based_on_number"] == 1
    with pytest.raises(ValidationError):
        services.new_version(draft, None)


def test_a_section_no_longer_offered_is_kept_in_the_snapshot(people, fake_sections, monkeypatch):
    report = _draft(people)
    services.submit_report(report, people.case, people.coordinator, TODAY)
    db.session.commit()
    import arm.reports.services

    monkeypatch.setattr(arm.reports.services, "report_sections", lambda: {"plain": fake_sections["plain"]})
    assert services.build_document(report, people.case, TODAY)["sections"][0]["key"] == "counts"
    draft = _draft(people, sections=["plain"])
    draft.sections = ["counts", "plain"]  # as stored before the section was withdrawn
    assert services.build_sections(draft, people.case, TODAY)[0]["available"] is False
