"""The permission matrix: every URL, every method, for every access level, an outsider and a visitor.

The levels expected are written out below and reviewed against what the product should allow; they
are not read from `REQUIRED_ACCESS` or from the permission a view declares, so that a route labelled
with the wrong permission, or a permission given to the wrong level, fails here.

The data (a case with a person at every level, and one object of every kind the URLs name) is built
once per module and put back before each test, and people are signed in without the password round
trip: the matrix has hundreds of cases.
"""

from datetime import date, time, timedelta
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import url_for

from arm import create_app
from arm.auth.models import User
from arm.cases.enums import OrganisationType
from arm.cases.models import ChecklistItem, Membership
from arm.core.models import AuditEvent
from arm.core.permissions import REQUIRED_ACCESS, Access
from arm.extensions import db
from arm.meetings.models import AgendaItem, AgendaTemplate, MeetingInvitee, MeetingSeries
from arm.meetings.services import invite_guest
from arm.plans.models import Action, ActionStatus, ActionUpdate, Objective, ObjectiveAction, Resource, SubgroupMember
from arm.plans.versions import approve_plan
from arm.risks.models import RiskStatus
from config import TestConfig
from tests import factories
from tests.conftest import (
    RequestPerContextClient,
    count_queries,
    delete_all_rows,
    restore_snapshot,
    sign_in_without_password,
    take_snapshot,
)
from tests.progress.outcome_helpers import add_output, add_snapshot  # issue 13: outcomes
from tests.support.helpers import add_milestone, add_service

# Case levels, lowest first. Each may do what the ones before it may.
CASE_LEVELS = ["observer", "member", "editor", "coordinator"]
# "invited": a pending invitation as coordinator, not yet accepted: an outsider until they accept.
LEVELS = [*reversed(CASE_LEVELS), "outsider", "invited", "anonymous"]

# For every URL of a case and every method: the lowest level that succeeds.
#
# Coordinators run the case: its facts, layoff waves, network, people, roles, checklist and how progress
# rolls up. Editors edit the plan: actions, subgroups, projects, grants, the import. Members update the
# actions they own or share through a subgroup (progress, resource use), follow actions, and keep the
# resources of their own organisation; in the matrix the member owns the target action and their
# organisation holds the target resource. Observers read every page and every export.
CASE_ACCESS = {
    # The case itself
    ("cases.dashboard", "GET"): "observer",
    ("cases.history", "GET"): "observer",
    ("cases.edit_case", "GET"): "coordinator",
    ("cases.edit_case", "POST"): "coordinator",
    ("cases.edit_member", "GET"): "coordinator",
    ("cases.edit_member", "POST"): "coordinator",
    ("cases.edit_network_organisation", "GET"): "coordinator",
    ("cases.edit_network_organisation", "POST"): "coordinator",
    ("cases.redact_history_value", "POST"): "coordinator",
    ("plans.correct_note", "POST"): "editor",  # its author, see the matrix data
    ("plans.redact_note", "POST"): "editor",
    ("cases.archive_case", "POST"): "coordinator",
    ("cases.restore_case", "POST"): "coordinator",
    ("cases.delete_case", "POST"): "coordinator",
    # Layoff waves
    ("cases.waves", "GET"): "observer",
    ("cases.add_wave", "GET"): "coordinator",
    ("cases.add_wave", "POST"): "coordinator",
    ("cases.edit_wave", "GET"): "coordinator",
    ("cases.edit_wave", "POST"): "coordinator",
    ("cases.delete_wave", "POST"): "coordinator",
    # The network: organisations, people, roles, the checklist of actor types
    ("cases.network", "GET"): "observer",
    ("cases.export_contacts", "GET"): "observer",
    ("cases.member", "GET"): "observer",
    ("cases.add_organisation", "GET"): "coordinator",
    ("cases.add_organisation", "POST"): "coordinator",
    ("cases.remove_organisation", "POST"): "coordinator",
    ("cases.invite", "GET"): "coordinator",
    ("cases.invite", "POST"): "coordinator",
    ("cases.change_access", "POST"): "coordinator",
    ("cases.assign_role", "POST"): "coordinator",
    ("cases.end_role", "POST"): "coordinator",
    ("cases.end_membership", "POST"): "coordinator",
    ("cases.resend_invitation", "POST"): "coordinator",
    ("cases.cancel_invitation", "POST"): "coordinator",  # refused with a message: the target is no invitation
    ("cases.add_checklist_type", "POST"): "coordinator",
    ("cases.remove_checklist_item", "POST"): "coordinator",
    # The plan as a whole
    ("plans.plan", "GET"): "observer",
    ("plans.export_plan", "GET"): "observer",
    ("plans.categories", "GET"): "observer",
    ("plans.timeline", "GET"): "observer",
    ("plans.my_actions", "GET"): "observer",
    ("plans.feed", "GET"): "observer",
    ("plans.import_plan", "GET"): "editor",
    ("plans.import_plan", "POST"): "editor",
    # A preview nobody uploaded: the editor is sent back to the upload with a message.
    ("plans.confirm_import", "GET"): "editor",
    ("plans.confirm_import", "POST"): "editor",
    ("plans.change_rollup", "POST"): "coordinator",
    # Actions
    ("plans.action", "GET"): "observer",
    ("plans.new_action", "GET"): "editor",
    ("plans.new_action", "POST"): "editor",
    ("plans.edit_action", "GET"): "editor",
    ("plans.edit_action", "POST"): "editor",
    ("plans.delete_action", "POST"): "editor",
    ("plans.record_progress", "POST"): "member",
    ("plans.follow", "POST"): "member",
    ("plans.use_resource", "POST"): "member",
    ("plans.stop_using_resource", "POST"): "member",
    # Objectives and approved versions of the plan
    ("plans.objectives", "GET"): "observer",
    ("plans.new_objective", "GET"): "editor",
    ("plans.new_objective", "POST"): "editor",
    ("plans.edit_objective", "GET"): "editor",
    ("plans.edit_objective", "POST"): "editor",
    ("plans.delete_objective", "POST"): "editor",
    ("plans.plan_versions", "GET"): "observer",
    ("plans.approve_plan", "POST"): "coordinator",
    ("plans.version_diff", "GET"): "observer",
    # Subgroups
    ("plans.subgroups", "GET"): "observer",
    ("plans.subgroup", "GET"): "observer",
    ("plans.new_subgroup", "GET"): "editor",
    ("plans.new_subgroup", "POST"): "editor",
    ("plans.edit_subgroup", "GET"): "editor",
    ("plans.edit_subgroup", "POST"): "editor",
    # Projects, grants and funding
    ("plans.projects", "GET"): "observer",
    ("plans.project", "GET"): "observer",
    ("plans.funding", "GET"): "observer",
    ("plans.export_projects", "GET"): "observer",
    ("plans.export_funding", "GET"): "observer",
    ("plans.new_project", "GET"): "editor",
    ("plans.new_project", "POST"): "editor",
    ("plans.edit_project", "GET"): "editor",
    ("plans.edit_project", "POST"): "editor",
    ("plans.delete_project", "POST"): "editor",
    ("plans.add_grant", "POST"): "editor",
    ("plans.edit_grant", "GET"): "editor",
    ("plans.edit_grant", "POST"): "editor",
    # Services for people: the service map, its exports, the wave timeline and change-security milestones
    ("support.service_map", "GET"): "observer",
    ("support.print_services", "GET"): "observer",
    ("support.export_services", "GET"): "observer",
    ("support.wave_timeline", "GET"): "observer",
    ("support.new_service", "GET"): "editor",
    ("support.new_service", "POST"): "editor",
    ("support.edit_service", "GET"): "editor",
    ("support.edit_service", "POST"): "editor",
    ("support.delete_service", "POST"): "editor",
    ("support.new_milestone", "GET"): "editor",
    ("support.new_milestone", "POST"): "editor",
    ("support.edit_milestone", "GET"): "editor",
    ("support.edit_milestone", "POST"): "editor",
    ("support.delete_milestone", "POST"): "editor",
    ("plans.delete_grant", "POST"): "editor",
    # The communications plan: the list, the calendar, the exports and the items
    ("comms.plan", "GET"): "observer",
    ("comms.calendar", "GET"): "observer",
    ("comms.export_plan", "GET"): "observer",
    ("comms.item", "GET"): "observer",
    ("comms.new_item", "GET"): "editor",
    ("comms.new_item", "POST"): "editor",
    ("comms.edit_item", "GET"): "editor",
    ("comms.edit_item", "POST"): "editor",
    ("comms.delete_item", "POST"): "editor",
    # The risk register; members comment on a risk (the generic comment route of arm.core.comments)
    ("risks.register", "GET"): "observer",
    ("risks.export_risks", "GET"): "observer",
    ("risks.risk", "GET"): "observer",
    ("risks.new_risk", "GET"): "editor",
    ("risks.new_risk", "POST"): "editor",
    ("risks.edit_risk", "GET"): "editor",
    ("risks.edit_risk", "POST"): "editor",
    ("risks.accept_risk", "POST"): "editor",
    ("risks.discard_risk", "POST"): "editor",
    ("comments.add", "POST"): "member",
    # The plan's proposal for state funding
    ("plans.funding_requests", "GET"): "observer",
    ("plans.export_funding_requests", "GET"): "observer",
    ("plans.funding_request", "GET"): "observer",
    ("plans.new_funding_request", "GET"): "editor",
    ("plans.new_funding_request", "POST"): "editor",
    ("plans.edit_funding_request", "GET"): "editor",
    ("plans.edit_funding_request", "POST"): "editor",
    ("plans.delete_funding_request", "POST"): "editor",
    # Meetings: observers read every meeting, members those of the whole network and their own subgroups
    # (the matrix meeting is the whole network's); editors and coordinators run them
    ("meetings.meetings", "GET"): "observer",
    ("meetings.meeting", "GET"): "observer",
    ("meetings.backlog", "GET"): "observer",
    ("meetings.papers", "GET"): "observer",
    ("meetings.meeting_paper", "GET"): "observer",
    ("meetings.meeting_calendar", "GET"): "observer",
    ("meetings.series_calendar", "GET"): "observer",
    ("meetings.add_amendment", "GET"): "editor",
    ("meetings.add_amendment", "POST"): "editor",
    ("meetings.add_backlog_item", "POST"): "editor",
    ("meetings.add_decision", "GET"): "editor",
    ("meetings.add_decision", "POST"): "editor",
    ("meetings.add_item", "POST"): "editor",
    ("meetings.approve_previous", "POST"): "editor",
    ("meetings.attendance", "POST"): "editor",
    ("meetings.cancel_meeting", "POST"): "editor",
    ("meetings.carry_over", "POST"): "editor",
    ("meetings.delete_meeting", "POST"): "editor",
    ("meetings.delete_template", "POST"): "editor",
    ("meetings.draft_agenda", "POST"): "editor",
    ("meetings.edit_item", "GET"): "editor",
    ("meetings.edit_item", "POST"): "editor",
    ("meetings.edit_meeting", "GET"): "editor",
    ("meetings.edit_meeting", "POST"): "editor",
    ("meetings.edit_template", "GET"): "editor",
    ("meetings.edit_template", "POST"): "editor",
    ("meetings.invite_guest", "POST"): "editor",
    ("meetings.item_to_backlog", "POST"): "editor",
    ("meetings.move_item", "POST"): "editor",
    ("meetings.new_meeting", "GET"): "editor",
    ("meetings.new_meeting", "POST"): "editor",
    ("meetings.new_template", "GET"): "editor",
    ("meetings.new_template", "POST"): "editor",
    ("meetings.remove_backlog_item", "POST"): "editor",
    ("meetings.remove_item", "POST"): "editor",
    ("meetings.revoke_guest", "POST"): "editor",
    ("meetings.schedule_backlog_item", "POST"): "editor",
    ("meetings.settings", "POST"): "editor",
    ("meetings.templates", "GET"): "editor",
    # Resources
    ("plans.resources", "GET"): "observer",
    ("plans.new_resource", "GET"): "member",
    ("plans.new_resource", "POST"): "member",
    ("plans.edit_resource", "GET"): "member",
    ("plans.edit_resource", "POST"): "member",
    ("plans.delete_resource", "POST"): "member",
    # issue 13: outcomes (the outputs and the laid-off cohort)
    ("progress.outputs", "GET"): "observer",
    ("progress.new_output", "GET"): "editor",
    ("progress.new_output", "POST"): "editor",
    ("progress.edit_output", "GET"): "editor",
    ("progress.edit_output", "POST"): "editor",
    ("progress.delete_output", "POST"): "editor",
    ("progress.cohort", "GET"): "observer",
    ("progress.new_cohort_snapshot", "GET"): "editor",
    ("progress.new_cohort_snapshot", "POST"): "editor",
    ("progress.edit_cohort_snapshot", "GET"): "editor",
    ("progress.edit_cohort_snapshot", "POST"): "editor",
    ("progress.delete_cohort_snapshot", "POST"): "editor",
    # issue 13: progress (jobs) — observers read the ledger, company projects and grants; editors record them
    ("progress.jobs", "GET"): "observer",
    ("progress.new_job_entry", "GET"): "editor",
    ("progress.new_job_entry", "POST"): "editor",
    ("progress.edit_job_entry", "GET"): "editor",
    ("progress.edit_job_entry", "POST"): "editor",
    ("progress.delete_job_entry", "POST"): "editor",
    ("progress.company_projects", "GET"): "observer",
    ("progress.new_company_project", "GET"): "editor",
    ("progress.new_company_project", "POST"): "editor",
    ("progress.edit_company_project", "GET"): "editor",
    ("progress.edit_company_project", "POST"): "editor",
    ("progress.delete_company_project", "POST"): "editor",
    ("progress.grants", "GET"): "observer",
    ("progress.new_grant", "GET"): "editor",
    ("progress.new_grant", "POST"): "editor",
    ("progress.edit_grant", "GET"): "editor",
    ("progress.edit_grant", "POST"): "editor",
    ("progress.delete_grant", "POST"): "editor",
    # issue 13: situation
    ("situation.picture", "GET"): "observer",
    ("situation.new_indicator", "GET"): "editor",
    ("situation.new_indicator", "POST"): "editor",
    ("situation.edit_indicator", "GET"): "editor",
    ("situation.edit_indicator", "POST"): "editor",
    ("situation.threshold", "GET"): "editor",
    ("situation.threshold", "POST"): "editor",
    ("situation.import_csv", "GET"): "editor",
    ("situation.import_csv", "POST"): "editor",
    ("situation.confirm_import", "POST"): "editor",
    # Without ARM_PXWEB_URL (tests) the fetch answers with a message and never reaches the network.
    ("situation.fetch", "POST"): "editor",
    # issue 13: reports (observers read reports and their files; editors write drafts; coordinators submit)
    ("reports.reports", "GET"): "observer",
    ("reports.report", "GET"): "observer",
    ("reports.export_report", "GET"): "observer",
    ("reports.new_report", "GET"): "editor",
    ("reports.new_report", "POST"): "editor",
    ("reports.edit_report", "GET"): "editor",
    ("reports.edit_report", "POST"): "editor",
    ("reports.edit_narrative", "GET"): "editor",
    ("reports.edit_narrative", "POST"): "editor",
    ("reports.new_version", "POST"): "editor",
    ("reports.submit_report", "GET"): "coordinator",
    ("reports.submit_report", "POST"): "coordinator",
}

# Every other URL: open to anyone, to anyone signed in, or to platform admins only.
OTHER_ACCESS = {
    ("auth.login", "GET"): "public",
    ("meeting_guest.guest_meeting", "GET"): "public",
    ("auth.login", "POST"): "public",
    ("auth.change_language", "POST"): "public",
    ("auth.forgot_password", "GET"): "public",
    ("auth.forgot_password", "POST"): "public",
    ("auth.reset_password", "GET"): "public",
    ("auth.reset_password", "POST"): "public",
    ("auth.accept_invitation", "GET"): "public",
    ("auth.accept_invitation", "POST"): "public",
    ("auth.unlock_login", "GET"): "public",
    ("auth.unlock_login", "POST"): "public",
    ("static", "GET"): "public",
    ("about.accessibility", "GET"): "public",
    ("about.favicon", "GET"): "public",
    ("cases.index", "GET"): "signed-in",
    ("cases.invitations", "GET"): "signed-in",
    # The form names no invitation of the person's: sent back to the invitations page with a message.
    ("cases.accept_case_invitation", "POST"): "signed-in",
    ("cases.decline_case_invitation", "POST"): "signed-in",
    ("auth.logout", "POST"): "signed-in",
    ("auth.sign_out_everywhere", "POST"): "signed-in",
    ("auth.account", "GET"): "signed-in",
    ("auth.account", "POST"): "signed-in",
    ("auth.change_password", "GET"): "signed-in",
    ("auth.change_password", "POST"): "signed-in",
    ("cases.open_case", "GET"): "signed-in",
    ("cases.open_case", "POST"): "signed-in",
    ("cases.organisations", "GET"): "signed-in",
    ("cases.create_organisation", "GET"): "signed-in",
    ("cases.create_organisation", "POST"): "signed-in",
    ("auth.users", "GET"): "admin",
    ("auth.create_user", "GET"): "admin",
    ("auth.create_user", "POST"): "admin",
    ("auth.edit_user", "GET"): "admin",
    ("auth.edit_user", "POST"): "admin",
    ("auth.resend_invitation", "POST"): "admin",
    ("cases.edit_organisation", "GET"): "admin",
    ("cases.edit_organisation", "POST"): "admin",
    ("cases.admin_cases", "GET"): "admin",
    ("cases.rescue_case", "GET"): "admin",
    ("cases.rescue_case", "POST"): "admin",
    # issue 13: overview (the matrix case is not published: its public page is a 404 for everyone)
    ("overview.national", "GET"): "signed-in",
    ("overview.public_case", "GET"): "public",
}


@cache
def _plain_app():
    """An app for reading its URL map; it never opens the database."""
    return create_app(TestConfig)


def _url_map_routes() -> tuple[set, set]:
    """(endpoint, method) of every rule, split into those of a case (with `case_id`) and the others."""
    app = _plain_app()
    case_routes, other_routes = set(), set()
    for rule in app.url_map.iter_rules():
        routes = case_routes if "case_id" in rule.arguments else other_routes
        routes.update((rule.endpoint, method) for method in rule.methods - {"HEAD", "OPTIONS"})
    return case_routes, other_routes


def test_every_case_route_is_in_the_table():
    case_routes, _ = _url_map_routes()
    assert sorted(case_routes - CASE_ACCESS.keys()) == [], "add these case routes to CASE_ACCESS"


def test_the_table_names_only_existing_case_routes():
    case_routes, _ = _url_map_routes()
    assert sorted(CASE_ACCESS.keys() - case_routes) == [], "these CASE_ACCESS entries have no route"


def test_every_other_route_is_in_the_table():
    _, other_routes = _url_map_routes()
    assert sorted(other_routes - OTHER_ACCESS.keys()) == [], "add these routes to OTHER_ACCESS"
    assert sorted(OTHER_ACCESS.keys() - other_routes) == [], "these OTHER_ACCESS entries have no route"


def test_table_levels_are_known():
    assert set(CASE_ACCESS.values()) <= set(CASE_LEVELS)
    assert set(OTHER_ACCESS.values()) <= {"public", "signed-in", "admin"}


def test_every_case_route_names_a_permission():
    app = _plain_app()
    for rule in app.url_map.iter_rules():
        if "case_id" in rule.arguments:
            view = app.view_functions[rule.endpoint]
            assert getattr(view, "required_permission", None) in REQUIRED_ACCESS, rule.rule


def test_admin_routes_are_exactly_those_marked_admin():
    """The admin rows of OTHER_ACCESS are the views that `admin_required` guards, and no others."""
    app = _plain_app()
    admin_views = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if getattr(app.view_functions[rule.endpoint], "required_permission", None) == "admin"
    }
    assert admin_views == {route for route, access in OTHER_ACCESS.items() if access == "admin"}


# --- the data, built once per module ---------------------------------------------------------------


def _progress_note(action, author):
    update = ActionUpdate(
        case_id=action.case_id,
        action_id=action.id,
        author_id=author.id,
        old_status=ActionStatus.PLANNED,
        new_status=ActionStatus.ONGOING,
        old_progress=0,
        new_progress=10,
        note="Ensimmäinen tapaaminen pidetty.",
    )
    db.session.add(update)
    db.session.commit()
    return update


def _objective_and_version(case, action, coordinator) -> dict:
    objective = Objective(case_id=case.id, title="1 000 uutta työpaikkaa")
    objective.action_links.append(ObjectiveAction(case_id=case.id, action_id=action.id))
    db.session.add(objective)
    db.session.flush()
    version = approve_plan(case, coordinator, date(2021, 6, 8))
    db.session.commit()
    return {"objective_id": objective.id, "version_id": version.id}


def _job_rows(case) -> dict:
    """issue 13: progress (jobs) — a job target with a ledger entry, a company project and a development grant."""
    from arm.plans.models import ObjectiveKind
    from arm.progress.models import CompanyProject, CompanyProjectKind, DevelopmentGrant, JobEntry, JobKind, JobSource

    target = Objective(case_id=case.id, title="Työpaikkatavoite", kind=ObjectiveKind.JOB_TARGET, target_value=1000)
    project = CompanyProject(case_id=case.id, company="Yritys Oy", name="Laajennus", kind=CompanyProjectKind.INVESTMENT)
    db.session.add_all([target, project])
    db.session.flush()
    job_entry = JobEntry(
        case_id=case.id,
        objective_id=target.id,
        dated_on=date(2024, 2, 29),
        jobs=12,
        kind=JobKind.REALISED,
        source=JobSource.COMPANY,
        company="Yritys Oy",
        company_project_id=project.id,
    )
    grant = DevelopmentGrant(
        case_id=case.id, company="Yritys Oy", amount=45000, granted_on=date(2024, 3, 1), company_project_id=project.id
    )
    db.session.add_all([job_entry, grant])
    db.session.commit()
    return {"job_entry_id": job_entry.id, "company_project_id": project.id, "development_grant_id": grant.id}


def _meeting_rows(case, membership_id: int) -> dict:
    """A whole-network meeting of a weekly series with an item, a guest, a backlog item and an agenda
    template."""
    series = MeetingSeries(
        case_id=case.id,
        title="Viikkopalaveri",
        weekday=0,
        start_time=time(13, 0),
        duration_minutes=90,
        first_on=date(2026, 6, 22),
    )
    meeting = factories.MeetingFactory(case=case, series=series)
    # The week before, its minutes waiting for this meeting's approval.
    factories.MeetingFactory(case=case, series=series, starts_at=meeting.starts_at - timedelta(days=7))
    item = AgendaItem(case_id=case.id, meeting=meeting, title="Rahoitustilanne", position=1)
    second = AgendaItem(case_id=case.id, meeting=meeting, title="Viestintä", position=2)
    invitee = MeetingInvitee(case_id=case.id, meeting=meeting, membership_id=membership_id)
    waiting = AgendaItem(case_id=case.id, title="Kesätyöt", position=1)
    template = AgendaTemplate(case_id=case.id, name="Viikkopalaveri", items=[])
    db.session.add_all([item, second, invitee, waiting, template])
    db.session.flush()
    guest, _token = invite_guest(meeting, {"name": "Vieras"})
    db.session.commit()
    return {
        "meeting_id": meeting.id,
        "agenda_item_id": item.id,
        "backlog_item_id": waiting.id,
        "template_id": template.id,
        "guest_id": guest.id,
        "kind": "agenda",
    }


def _report_rows(case, user_id: int) -> dict:
    """issue 13: reports. A draft with one section and its narrative."""
    from arm.reports.models import Report, ReportNarrative

    report = Report(
        case_id=case.id,
        number=1,
        title="Seurantaraportti",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
        sections=["summary"],
        created_by_id=user_id,
    )
    report.narratives.append(ReportNarrative(case_id=case.id, section_key="summary", text="Teksti."))
    db.session.add(report)
    db.session.commit()
    return {"report_id": report.id, "key": "summary"}


def _build_matrix_data() -> dict:
    """A case with a person at every level and an outsider, one object of every kind, an admin."""
    people = factories.case_with_people()
    memberships = {
        m.user_id: m for m in db.session.scalars(db.select(Membership).where(Membership.case_id == people.case.id))
    }
    member = memberships[people.member.id]
    subgroup = factories.SubgroupFactory(case=people.case)
    item = ChecklistItem(case_id=people.case.id, organisation_type=OrganisationType.KELA)
    db.session.add_all(
        [item, SubgroupMember(case_id=people.case.id, subgroup=subgroup, membership=memberships[people.observer.id])]
    )
    db.session.commit()
    # The member owns the action and their organisation holds the resource: members may change these. The
    # observer shares the action through its subgroup and works for the same organisation, so that only
    # their level, not the object, keeps them out.
    action = factories.ActionFactory(case=people.case, owner=member, subgroup=subgroup)
    resource = factories.ResourceFactory(case=people.case, organisation=people.organisation)
    grant = factories.GrantFactory(project=factories.ProjectFactory(case=people.case))
    wave = factories.LayoffWaveFactory(case=people.case)
    risk = factories.RiskFactory(case=people.case, owner=member)
    # A proposed starter risk, so that the register shows the forms that accept and discard one.
    factories.RiskFactory(case=people.case, status=RiskStatus.PROPOSED, likelihood=None, impact=None, assessments=[])
    factories.CommentFactory(risk=risk, author_id=people.member.id)
    url_values = {
        "case_id": people.case.id,
        "wave_id": wave.id,
        "service_id": add_service(people.case, people.organisation).id,
        "milestone_id": add_milestone(wave).id,
        "comms_item_id": factories.CommsItemFactory(case=people.case, wave=wave).id,
        "risk_id": risk.id,
        **_meeting_rows(people.case, member.id),
        "entity": "risk",
        "entity_id": risk.id,
        "membership_id": member.id,
        "assignment_id": factories.RoleAssignmentFactory(membership=member).id,
        "link_id": factories.CaseOrganisationFactory(case=people.case).id,
        "item_id": item.id,
        "file_format": "csv",
        "action_id": action.id,
        "subgroup_id": subgroup.id,
        "project_id": grant.project_id,
        "grant_id": grant.id,
        "funding_request_id": factories.FundingRequestFactory(case=people.case).id,
        "resource_id": resource.id,
        **_objective_and_version(people.case, action, people.coordinator),
        **_job_rows(people.case),  # issue 13: progress (jobs)
        "use_id": factories.ActionResourceFactory(action=action, resource=resource).id,
        # The note is the editor's own: below a coordinator only its author may correct it.
        "update_id": _progress_note(action, people.editor).id,
        "event_id": db.session.scalar(
            db.select(AuditEvent.id).where(AuditEvent.case_id == people.case.id).order_by(AuditEvent.id)
        ),
        # Routes outside the case
        "user_id": factories.UserFactory(name="Kutsuttu Käyttäjä", password_hash=None).id,  # may be invited again
        "organisation_id": people.organisation.id,
        # issue 13: situation (a case's own indicator)
        "indicator_id": _custom_indicator(people.case).id,
        "indicator_key": "unemployment_rate",
        "target_case_id": people.case.id,
        "token": "not-a-real-token",
        "filename": "css/app.css",
        "public_case_id": people.case.id,  # issue 13: overview
        # issue 13: outcomes
        "output_id": add_output(people.case).id,
        "snapshot_id": add_snapshot(people.case).id,
        # issue 13: reports (a draft whose section need not be registered: its page says the section is missing)
        **_report_rows(people.case, people.coordinator.id),
    }
    users = {level: getattr(people, level).id for level in [*CASE_LEVELS, "outsider"]}
    users["invited"] = factories.MembershipFactory(
        case=people.case,
        organisation=people.organisation,
        access=Access.COORDINATOR,
        accepted_at=None,
        invited_name="Kutsuttu Koordinaattori",
    ).user_id
    users["admin"] = factories.UserFactory(name="Ylläpitäjä", is_admin=True).id
    return {"url_values": url_values, "users": users}


@pytest.fixture(scope="module")
def matrix_app(config_class, _schema):
    """One app for the module, with the matrix's rows built once and a snapshot of them.

    Every test of this module that touches the database goes through `matrix`, and pytest tears a module's
    fixtures down before it runs another module's tests, so nothing else writes while the rows are there.
    """
    app = create_app(config_class)
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        delete_all_rows()
        app.matrix = _build_matrix_data()
        app.matrix_snapshot = take_snapshot()
        app.matrix_changed = False
    yield app
    with app.app_context():
        db.session.remove()
        delete_all_rows()
        db.engine.dispose()


@pytest.fixture
def matrix(matrix_app):
    """The matrix's rows as built: put back from the snapshot when the previous test wrote anything."""
    with matrix_app.app_context():
        if matrix_app.matrix_changed:
            restore_snapshot(matrix_app.matrix_snapshot)
            matrix_app.matrix_changed = False
        with count_queries(matrix_app) as statements:
            yield matrix_app
        db.session.remove()
        # Anything but a plain SELECT (INSERT, UPDATE, DELETE, SAVEPOINT …) may have changed the rows.
        matrix_app.matrix_changed = any(not s.lstrip().upper().startswith("SELECT") for s in statements)


def test_only_the_level_keeps_observers_out_of_the_matrix_objects(matrix):
    """The matrix's premise: the target action and resource would let the member and the observer in, so
    a permission given to too low a level shows as a success in the matrix, not as the object's 403."""
    values, users = matrix.matrix["url_values"], matrix.matrix["users"]
    action = db.session.get(Action, values["action_id"])
    resource = db.session.get(Resource, values["resource_id"])
    for level in ("observer", "member"):
        user = db.session.get(User, users[level])
        assert action.member_may("action.update", user), level
        assert resource.member_may("resource.manage", user), level


# URL values a route takes in place of the matrix's common ones.
ENDPOINT_VALUES = {
    "meetings.meeting_paper": {"file_format": "md"},
    # issue 13: reports
    "reports.export_report": {"file_format": "json"},
}


def _request(app, endpoint: str, method: str, level: str):
    values = {**app.matrix["url_values"], **ENDPOINT_VALUES.get(endpoint, {})}
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    with app.test_request_context():
        url = url_for(endpoint, **{name: values[name] for name in rule.arguments})
    client = app.test_client()
    if level != "anonymous":
        sign_in_without_password(client, db.session.get(User, app.matrix["users"][level]))
    return url, client.open(url, method=method, data={})


def _is_sign_in_redirect(response) -> bool:
    """Where `login_required` sends a visitor: the sign-in page, with the page asked for as `next`."""
    location = urlsplit(response.location or "")
    return response.status_code == 302 and location.path == "/login" and "next" in parse_qs(location.query)


def _assert_sent_to_sign_in(url, response):
    assert response.status_code == 302, (url, response.status_code)
    location = urlsplit(response.location)
    assert location.path == "/login", (url, response.location)
    assert parse_qs(location.query)["next"] == [url], (url, response.location)


def _assert_succeeds(url, method, response):
    """A page for GET; for POST, a redirect (saved or confirmed) or the form back with its errors."""
    status = response.status_code
    if method == "GET" and url.split("?")[0].endswith("/plan/import/not-a-real-token"):
        # A preview that does not exist (the matrix uploads none) sends the editor back to the upload.
        assert status == 302 and urlsplit(response.location).path.endswith("/plan/import"), (url, status)
    elif method == "GET":
        assert status == 200, (url, status)
    else:
        assert status in (302, 422), (url, status)
    assert not _is_sign_in_redirect(response), (url, response.location)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(("endpoint", "method"), sorted(CASE_ACCESS))
def test_case_route_access(matrix, endpoint, method, level):
    url, response = _request(matrix, endpoint, method, level)
    lowest = CASE_ACCESS[(endpoint, method)]
    if level == "anonymous":
        _assert_sent_to_sign_in(url, response)
    elif level in ("outsider", "invited"):
        assert response.status_code == 404, (url, response.status_code)
    elif CASE_LEVELS.index(level) < CASE_LEVELS.index(lowest):
        assert response.status_code == 403, (url, response.status_code)
    else:
        _assert_succeeds(url, method, response)


@pytest.mark.parametrize("level", ["admin", "member", "anonymous"])
@pytest.mark.parametrize(("endpoint", "method"), sorted(OTHER_ACCESS))
def test_other_route_access(matrix, endpoint, method, level):
    """`member` here is someone signed in who is not a platform admin."""
    url, response = _request(matrix, endpoint, method, level)
    access = OTHER_ACCESS[(endpoint, method)]
    assert response.status_code < 500, (url, response.status_code)
    if access == "public":
        assert not _is_sign_in_redirect(response), (url, response.location)
    elif level == "anonymous":
        _assert_sent_to_sign_in(url, response)
    elif access == "admin" and level != "admin":
        assert response.status_code == 403, (url, response.status_code)
    else:
        _assert_succeeds(url, method, response)


POST_ROUTES = sorted({route for route in [*CASE_ACCESS, *OTHER_ACCESS] if route[1] == "POST"})


@pytest.mark.parametrize(("endpoint", "method"), POST_ROUTES)
def test_every_post_without_a_csrf_token_is_refused_and_writes_nothing(matrix, endpoint, method):
    """Refused even for someone allowed to post there (a coordinator, or an admin outside cases), public forms too."""
    values = matrix.matrix["url_values"]
    rule = next(rule for rule in matrix.url_map.iter_rules() if rule.endpoint == endpoint)
    with matrix.test_request_context():
        url = url_for(endpoint, **{name: values[name] for name in rule.arguments})
    client = matrix.test_client()
    level = "admin" if (endpoint, method) in OTHER_ACCESS else "coordinator"
    sign_in_without_password(client, db.session.get(User, matrix.matrix["users"][level]))
    matrix.config["WTF_CSRF_ENABLED"] = True
    try:
        with count_queries(matrix) as statements:
            response = client.open(url, method=method, data={})
    finally:
        matrix.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400, (url, response.status_code)
    assert all(s.lstrip().upper().startswith(("SELECT", "PRAGMA")) for s in statements), (url, statements)


def _custom_indicator(case):
    from arm.situation.models import Indicator

    indicator = Indicator(case_id=case.id, key="custom-matriisi", name="Matriisin indikaattori", unit="kpl")
    db.session.add(indicator)
    db.session.flush()
    return indicator


XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def _fill_every_text_column_with(payload: str) -> None:
    """Every free-text column of every row (names, titles, descriptions, notes): not codes, keys or enums."""
    for table in db.metadata.sorted_tables:
        if table.name in {"audit_event", "alembic_version"}:
            continue
        columns = [
            column
            for column in table.columns
            if isinstance(column.type, db.String)
            and not isinstance(column.type, db.Enum)
            and not column.unique
            and not column.primary_key
            and (column.type.length is None or column.type.length >= 100)
            and not column.name.endswith(("_hash", "token", "url", "website", "email"))
        ]
        if columns:
            db.session.execute(table.update().values({column.name: payload for column in columns}))
    db.session.commit()


def test_text_typed_by_users_is_escaped_on_every_page(matrix):
    _fill_every_text_column_with(XSS)
    shown = 0
    for endpoint, method in sorted(CASE_ACCESS):
        if method != "GET":
            continue
        url, response = _request(matrix, endpoint, method, "coordinator")
        assert response.status_code < 500, (url, response.status_code)
        if response.mimetype == "text/html":
            page = response.get_data(as_text=True)
            assert "<script>alert" not in page and "<img src=x" not in page, url
            shown += "&lt;script&gt;alert" in page
    assert shown >= 20  # the payload reached the pages, escaped
