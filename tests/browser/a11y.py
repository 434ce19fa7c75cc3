"""What the accessibility tests share: the demo case with data on every page, the axe-core run and the
checks that axe-core does not make (reflow, Label in Name on disclosure summaries)."""

from dataclasses import dataclass

from axe_playwright_python.base import AXE_FILE_PATH
from sqlalchemy import select

from arm.auth import services as auth_services
from arm.auth.models import TokenPurpose, User
from arm.cases.models import CaseOrganisation, Membership, Organisation
from arm.comms.models import CommsItem
from arm.core.comments import Comment
from arm.core.permissions import Access
from arm.demo import DEMO_ADMIN_EMAIL, DEMO_COORDINATOR_EMAIL, load_demo_case
from arm.extensions import db
from arm.meetings import services as meeting_services
from arm.meetings.models import AgendaTemplate, ItemKind, Meeting
from arm.plans.models import (
    Action,
    ActionResource,
    ActionUpdate,
    FundingRequest,
    Grant,
    Objective,
    PlanVersion,
    Resource,
    Subgroup,
)
from arm.plans.spreadsheet.export import export_rows
from arm.plans.spreadsheet.importing import stage_import
from arm.progress.models import CohortSnapshot, OutputEntry  # issue 13: outcomes
from arm.situation.models import Indicator
from arm.support.models import MilestoneKind, SupportService, WaveMilestone
from tests.factories import PASSWORD
from tests.plans.spreadsheets import workbook

# WCAG 2.0 and 2.1, levels A and AA: the level the Act on the Provision of Digital Services requires.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # axe-core keeps WCAG 2.5.3 Label in Name among its experimental rules, which tags alone leave out.
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}
PHONE = {"width": 360, "height": 740}


@dataclass
class Demo:
    """The ids and one-time tokens the sample URLs are filled in with, and who signs in."""

    ids: dict[str, object]
    coordinator: User
    admin: User


def _first(statement):
    row = db.session.scalar(statement.limit(1))
    assert row is not None, f"the demo case has no row for {statement}"
    return row


def build_demo() -> Demo:
    """The Kemi 2021 demo case, committed, and a row of each kind that has data on its page."""
    case = load_demo_case(PASSWORD)
    db.session.flush()
    coordinator = db.session.scalar(select(User).where(User.email == DEMO_COORDINATOR_EMAIL))
    admin = db.session.scalar(select(User).where(User.email == DEMO_ADMIN_EMAIL))
    # A current member with roles, an action with updates (and used resources if any has), a project
    # with grants.
    membership = _first(
        select(Membership).where(Membership.case_id == case.id, Membership.ended_on.is_(None)).order_by(Membership.id)
    )
    updated = select(Action).where(Action.case_id == case.id, Action.id.in_(select(ActionUpdate.action_id)))
    action = db.session.scalar(
        updated.where(Action.id.in_(select(ActionResource.action_id))).order_by(Action.id).limit(1)
    ) or _first(updated.order_by(Action.id))
    grant = _first(select(Grant).where(Grant.case_id == case.id).order_by(Grant.id))
    invited = auth_services.create_user("kutsuttu@example.fi", "Kutsuttu Henkilö")
    # Pending invitations: a new account's (its link's page shows what it joins, the network lists it) and
    # the platform admin's (their invitations page has one to answer).
    for person, typed_name in ((invited, "Kutsuttu Henkilö"), (admin, "Kutsuttu Ylläpitäjä")):
        db.session.add(
            Membership(
                case_id=case.id,
                user=person,
                organisation_id=membership.organisation_id,
                access=Access.MEMBER,
                invited_name=typed_name,
                invited_by_id=coordinator.id,
            )
        )
    tokens = {
        "invitation": auth_services.issue_token(invited, TokenPurpose.INVITATION, case=case, created_by=coordinator),
        "reset": auth_services.issue_token(coordinator, TokenPurpose.PASSWORD_RESET),
        "unlock": auth_services.issue_token(coordinator, TokenPurpose.LOGIN_UNLOCK),
    }
    # A staged import of the case's own export, so that its preview page has data (new, unchanged, a change).
    headers, rows = export_rows(list(db.session.scalars(select(Action).where(Action.case_id == case.id))))
    new_row = list(rows[0])
    for header, value in (("Tunniste", ""), ("Versio", ""), ("Otsikko", "Uusi toimenpide tiedostosta")):
        new_row[headers.index(header)] = value
    rows[0][headers.index("Otsikko")] += " (päivitetty)"
    rows.append(new_row)
    pending = stage_import(case, coordinator, "suunnitelma.xlsx", workbook(rows, headers))
    # The plan changed after its approved version, so that the version's diff has a change to show.
    action.description += " (muutettu hyväksynnän jälkeen)"
    # The demo records no change-security milestones (the sources date none): one for the milestone's page.
    wave = case.layoff_waves[0]
    milestone = WaveMilestone(
        case_id=case.id, wave_id=wave.id, kind=MilestoneKind.INFO_SESSION, occurs_on=wave.occurs_on
    )
    db.session.add(milestone)
    db.session.flush()
    meeting_ids = _meetings(case, coordinator)
    ids = {
        "case": case.id,
        "import_token": pending.token,
        "member": membership.id,
        "link": _first(
            select(CaseOrganisation.id).where(CaseOrganisation.case_id == case.id).order_by(CaseOrganisation.id)
        ),
        "wave": case.layoff_waves[0].id,
        "action": action.id,
        "subgroup": _first(select(Subgroup.id).where(Subgroup.case_id == case.id).order_by(Subgroup.position)),
        "project": grant.project_id,
        "grant": grant.id,
        "service": _first(
            select(SupportService.id).where(SupportService.case_id == case.id).order_by(SupportService.id)
        ),
        "milestone": milestone.id,
        # The first info session at the one-stop point: linked to a wave, a service and actions.
        "comms_item": _first(
            select(CommsItem.id)
            .where(CommsItem.case_id == case.id, CommsItem.service_id.is_not(None))
            .order_by(CommsItem.id)
        ),
        # A risk with assessments and a comment (the demo's materialised one).
        "risk": _first(
            select(Comment.entity_id).where(Comment.case_id == case.id, Comment.entity == "risk").order_by(Comment.id)
        ),
        "funding_request": _first(
            select(FundingRequest.id).where(FundingRequest.case_id == case.id).order_by(FundingRequest.id)
        ),
        "resource": _first(select(Resource.id).where(Resource.case_id == case.id).order_by(Resource.id)),
        "objective": _first(select(Objective.id).where(Objective.case_id == case.id).order_by(Objective.id)),
        "version": _first(select(PlanVersion.id).where(PlanVersion.case_id == case.id).order_by(PlanVersion.id)),
        "organisation": _first(select(Organisation.id).order_by(Organisation.id)),
        "user": invited.id,
        # issue 13: situation (the demo's own indicator, from seed 001's table 1)
        "indicator": _first(
            select(Indicator.id).where(Indicator.case_id == case.id, Indicator.key.startswith("custom-"))
        ),
        "invitation_token": tokens["invitation"],
        "reset_token": tokens["reset"],
        "unlock_token": tokens["unlock"],
        **meeting_ids,
        # issue 13: outcomes (the demo's event participants and its spring 2024 cohort snapshot)
        "output": _first(select(OutputEntry.id).where(OutputEntry.case_id == case.id).order_by(OutputEntry.id)),
        "cohort_snapshot": _first(
            select(CohortSnapshot.id).where(CohortSnapshot.case_id == case.id).order_by(CohortSnapshot.id)
        ),
        **_job_rows(case),  # issue 13: progress (jobs)
        # issue 13: reports
        **_reports(case, coordinator),
    }
    db.session.commit()
    return Demo(ids=ids, coordinator=coordinator, admin=admin)


def _job_rows(case) -> dict[str, object]:
    """issue 13: progress (jobs) — the demo's first ledger entry (seed 002 figures), and a company project and a
    development grant of the check's own (the seeds give none with figures; the demo records none)."""
    from datetime import date
    from decimal import Decimal

    from arm.plans.models.enums import Funder
    from arm.progress import jobs
    from arm.progress.models import CompanyProjectKind, JobEntry

    project = jobs.save_company_project(
        case,
        None,
        {
            "company": "Esimerkki Oy",
            "name": "Esimerkkihanke",
            "kind": CompanyProjectKind.INVESTMENT,
            "promised_jobs": 10,
        },
    )
    grant = jobs.save_grant(
        case,
        None,
        {
            "company": "Esimerkki Oy",
            "amount": Decimal(20000),
            "granted_on": date(2022, 5, 2),
            "funder": Funder.ELY,
            "company_project_id": project.id,
        },
    )
    return {
        "job_entry": _first(select(JobEntry.id).where(JobEntry.case_id == case.id).order_by(JobEntry.id)),
        "company_project": project.id,
        "development_grant": grant.id,
    }


def _reports(case, coordinator) -> dict[str, object]:
    """issue 13: reports. The demo's draft and submitted reports; made here when the demo has none (no section
    registered), so that every report page has a sample."""
    from datetime import date

    from arm.reports import services as report_services
    from arm.reports.models import Report, ReportStatus

    def find(status):
        return db.session.scalar(
            select(Report).where(Report.case_id == case.id, Report.status == status).order_by(Report.id)
        )

    def made(title):
        report = Report(
            case_id=case.id,
            number=(db.session.scalar(select(db.func.max(Report.number)).where(Report.case_id == case.id)) or 0) + 1,
            title=title,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 6, 30),
            sections=report_services.default_keys() or ["summary"],
        )
        db.session.add(report)
        db.session.flush()
        return report

    draft = find(ReportStatus.DRAFT) or made("Seurantaraportti (luonnos)")
    submitted = find(ReportStatus.SUBMITTED)
    if submitted is None:
        submitted = made("Seurantaraportti (lähetetty)")
        report_services.submit_report(submitted, case, coordinator, date.today())
    return {"report": draft.id, "submitted_report": submitted.id, "report_section": draft.sections[0]}


def _meetings(case, coordinator) -> dict[str, object]:
    """The demo's held weekly meeting with a decision, a guest and approved minutes with an amendment; the
    next one (upcoming, open) for the item and decision forms; a backlog item."""
    held, upcoming = db.session.scalars(
        select(Meeting).where(Meeting.case_id == case.id).order_by(Meeting.starts_at).limit(2)
    ).all()
    generated = next(item for item in held.items if item.kind is not ItemKind.STANDING)
    meeting_services.add_decision(generated, "Työryhmä päättää jatkaa viikoittaisia tapaamisia.", None, None)
    _guest, token = meeting_services.invite_guest(
        held, {"name": "Vieras Esimerkki", "email": "vieras@example.fi", "organisation": "Lapin yliopisto"}
    )
    meeting_services.approve_minutes(held, upcoming)
    meeting_services.amend_minutes(held, generated.id, "Päätöksen sanamuoto korjattu.", coordinator.id)
    meeting_services.add_item(
        case,
        None,
        {"title": "Koulutustarpeiden kartoitus", "description": "Odottaa kokousta.", "duration_minutes": 15},
    )
    return {
        "meeting": held.id,
        "upcoming_meeting": upcoming.id,
        "agenda_item": upcoming.items[0].id,
        "template": _first(select(AgendaTemplate.id).where(AgendaTemplate.case_id == case.id)),
        "guest_token": token,
    }


class Axe:
    """axe-core from the installed axe-playwright-python package, added to every page of a browser context as
    an init script (through the DevTools protocol, so the pages' content security policy does not apply and
    nothing is fetched from anywhere)."""

    def __init__(self, context):
        context.add_init_script(path=str(AXE_FILE_PATH))
        self.version = None

    @staticmethod
    def start(page) -> None:
        """Start a run and return at once: the page's renderer works while Python loads the next page."""
        page.evaluate(
            "options => { window.__armAxe = null; setTimeout(() => (window.__armAxe = axe.run(document, options))); }",
            AXE_OPTIONS,
        )

    def result(self, page, waived: frozenset[str] = frozenset()) -> list[dict]:
        """The violations of the run `start` began, less the waived rules."""
        results = page.evaluate(
            """() => new Promise(resolve => {
                 const wait = () => window.__armAxe ? window.__armAxe.then(resolve) : setTimeout(wait, 5);
                 wait();
               })"""
        )
        self.version = results["testEngine"]["version"]
        return [violation for violation in results["violations"] if violation["id"] not in waived]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def too_wide(page) -> str:
    """What sticks out on the right, for the failure message."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 1)
            .slice(0, 8)
            .map(el => {
              const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
              const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes.map(c => '.' + c).join('');
              return name + ' ' + Math.round(el.getBoundingClientRect().right) + 'px';
            })
            .join(', ');
        }"""
    )


def label_not_in_name(page) -> list[str]:
    """axe-core gives <summary> no role and so skips it in its Label in Name rule; the confirmation
    disclosures of post_button are summaries styled as buttons, so check them here."""
    return page.evaluate(
        """() => [...document.querySelectorAll('summary[aria-label]')]
            .filter(s => !s.getAttribute('aria-label').toLowerCase().startsWith(s.innerText.trim().toLowerCase()))
            .map(s => s.outerHTML.slice(0, 120))"""
    )
