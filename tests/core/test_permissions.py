"""The permission matrix: every case URL, every method, for every access level, an outsider and a visitor."""

import pytest

from arm import create_app
from arm.core.permissions import REQUIRED_ACCESS, Access
from config import TestConfig
from tests import factories
from tests.conftest import sign_in

LEVELS = ["coordinator", "editor", "member", "observer", "outsider", "anonymous"]


def _case_routes():
    app = create_app(TestConfig)
    routes = []
    for rule in app.url_map.iter_rules():
        if "case_id" not in rule.arguments:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method))
    return routes


CASE_ROUTES = _case_routes()


def test_every_case_route_names_a_permission(app):
    for rule in app.url_map.iter_rules():
        if "case_id" in rule.arguments:
            view = app.view_functions[rule.endpoint]
            assert getattr(view, "required_permission", None) in REQUIRED_ACCESS, rule.rule


def _url_values(people, target):
    return {
        "case_id": people.case.id,
        "wave_id": target["wave"].id,
        "membership_id": target["membership"].id,
        "assignment_id": target["assignment"].id,
        "link_id": target["link"].id,
        "item_id": target["item"].id,
        "file_format": "csv",
        "action_id": target["action"].id,
        "subgroup_id": target["subgroup"].id,
        "project_id": target["grant"].project_id,
        "grant_id": target["grant"].id,
        "resource_id": target["resource"].id,
        "use_id": target["use"].id,
        "token": "no-such-upload",
    }


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(("endpoint", "method"), CASE_ROUTES)
def test_case_route_access(app, client, endpoint, method, level):
    people = factories.case_with_people()
    member_membership = next(m for m in _memberships(people) if m.user_id == people.member.id)
    target = {
        "wave": factories.LayoffWaveFactory(case=people.case),
        "membership": member_membership,
        "assignment": factories.RoleAssignmentFactory(membership=member_membership),
        "link": factories.CaseOrganisationFactory(case=people.case),
        "item": _checklist_item(people.case),
        # The member owns the action and their organisation holds the resource: members may change these.
        "action": factories.ActionFactory(case=people.case, owner=member_membership),
        "subgroup": factories.SubgroupFactory(case=people.case),
        "grant": factories.GrantFactory(project=factories.ProjectFactory(case=people.case)),
        "resource": factories.ResourceFactory(case=people.case, organisation=people.organisation),
    }
    target["use"] = factories.ActionResourceFactory(action=target["action"], resource=target["resource"])
    with app.test_request_context():
        from flask import url_for

        rule_args = {k: v for k, v in _url_values(people, target).items() if k in _arguments(app, endpoint)}
        url = url_for(endpoint, **rule_args)
    if level != "anonymous":
        sign_in(client, getattr(people, level))

    response = client.open(url, method=method, data={})

    permission = app.view_functions[endpoint].required_permission
    if level == "anonymous":
        assert response.status_code == 302 and "/login" in response.location
    elif level == "outsider":
        assert response.status_code == 404
    elif Access[level.upper()] >= REQUIRED_ACCESS[permission]:
        assert response.status_code in (200, 302, 422), (url, response.status_code)
    else:
        assert response.status_code == 403


def _arguments(app, endpoint):
    return next(rule.arguments for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


def _memberships(people):
    from arm.cases.models import Membership
    from arm.extensions import db

    return db.session.scalars(db.select(Membership).where(Membership.case_id == people.case.id)).all()


def _checklist_item(case):
    from arm.cases.models import ChecklistItem, OrganisationType
    from arm.extensions import db

    item = ChecklistItem(case_id=case.id, organisation_type=OrganisationType.KELA)
    db.session.add(item)
    db.session.commit()
    return item


ADMIN_URLS = [("GET", "/admin/users"), ("GET", "/admin/users/new"), ("POST", "/admin/users/new")]


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_admin_pages_are_for_admins_only(client, method, url):
    sign_in(client, factories.UserFactory())
    assert client.open(url, method=method).status_code == 403


def test_admin_can_open_admin_pages(client):
    sign_in(client, factories.UserFactory(is_admin=True))
    assert client.get("/admin/users").status_code == 200
    assert client.get("/admin/users/new").status_code == 200


def test_row_of_another_case_is_not_found(client):
    people = factories.case_with_people()
    other_wave = factories.LayoffWaveFactory()
    sign_in(client, people.coordinator)
    url = f"/cases/{people.case.id}/waves/{other_wave.id}/edit"
    assert client.get(url).status_code == 404
    assert client.post(f"/cases/{people.case.id}/waves/{other_wave.id}/delete").status_code == 404


def test_ended_membership_gives_no_access(client):
    from datetime import date

    from arm.extensions import db

    people = factories.case_with_people()
    membership = next(m for m in _memberships(people) if m.user_id == people.member.id)
    membership.ended_on = date.today()
    db.session.commit()
    sign_in(client, people.member)
    assert client.get(f"/cases/{people.case.id}").status_code == 404
