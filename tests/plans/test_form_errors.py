"""A garbled hidden field (the version a form was loaded with) is a form error on the page, never a 500."""

import pytest

from tests.conftest import sign_in
from tests.plans.conftest import build_plan_case

ACTION_FORM = {
    "title": "Oma toimenpide",
    "category": "RE_EMPLOYMENT",
    "horizon": "SHORT",
    "target_group": "LAID_OFF",
    "status": "ONGOING",
    "progress": "20",
}


@pytest.mark.parametrize("version", ["abc", "1.5", "-1", "9" * 40])
def test_a_garbled_version_is_shown_in_the_error_summary(app, version):
    people = build_plan_case()
    action_id = people.own_action.id
    base = f"/cases/{people.case.id}/actions/{action_id}"
    prefix = f"a{action_id}-"
    my_actions = {f"{prefix}status": "ONGOING", f"{prefix}progress": "30", f"{prefix}version": version}
    for user, url, data in (
        (people.coordinator, f"{base}/edit", {**ACTION_FORM, "version": version}),
        (people.coordinator, f"{base}/progress", {"status": "ONGOING", "progress": "30", "version": version}),
        # the member owns the action, so it is on their My actions
        (people.member, f"{base}/progress", {**my_actions, "back": "my-actions"}),
    ):
        browser = app.test_client()
        sign_in(browser, user)
        response = browser.post(url, data=data)
        assert response.status_code == 422, url
        page = response.get_data(as_text=True)
        assert "Lomakkeen versiotieto on virheellinen." in page, url
        assert 'href="#version"' not in page and "data-error-summary" in page
