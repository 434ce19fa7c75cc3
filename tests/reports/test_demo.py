"""The reports area's share of the demo case: a submitted report with its snapshot and a draft, both with the
default sections and the example narrative of the case summary."""

from sqlalchemy import select

from arm.core.parts import ReportSection
from arm.demo import load_demo_case
from arm.extensions import db
from arm.reports.models import Report, ReportStatus, ReportTemplate
from tests.reports.conftest import FAKE_SECTIONS, build_plain


def test_the_demo_has_a_submitted_and_a_draft_report(app, monkeypatch):
    import arm.reports.services

    sections = {"summary": ReportSection("summary", "Tila", 5, build_plain), **FAKE_SECTIONS}
    monkeypatch.setattr(arm.reports.services, "report_sections", lambda: sections)
    load_demo_case("demo password 123")
    db.session.commit()
    submitted, draft = db.session.scalars(select(Report).order_by(Report.number)).all()
    assert submitted.status == ReportStatus.SUBMITTED and draft.status == ReportStatus.DRAFT
    assert submitted.sections == draft.sections == ["summary", "counts", "plain"]
    assert submitted.snapshot["sections"][0]["content"]["facts"][0]["value"] == 7
    assert "Esimerkkiteksti" in submitted.snapshot["sections"][0]["narrative"]
    assert "esimerkki" in draft.title and [n.section_key for n in draft.narratives] == ["summary"]
    assert db.session.scalar(select(ReportTemplate.sections)) == ["summary", "counts", "plain"]


def test_without_sections_the_demo_adds_no_report(app, monkeypatch):
    import arm.reports.services

    monkeypatch.setattr(arm.reports.services, "report_sections", lambda: {})
    load_demo_case("demo password 123")
    db.session.commit()
    assert db.session.scalar(select(Report.id)) is None


def test_a_section_failing_at_demo_time_leaves_the_first_report_a_draft(app, monkeypatch):
    import arm.reports.services

    def broken(period):
        raise RuntimeError("a bug in an area")

    sections = {"summary": ReportSection("summary", "Tila", 5, broken)}
    monkeypatch.setattr(arm.reports.services, "report_sections", lambda: sections)
    load_demo_case("demo password 123")
    db.session.commit()
    statuses = db.session.scalars(select(Report.status).order_by(Report.number)).all()
    assert statuses == [ReportStatus.DRAFT, ReportStatus.DRAFT]
