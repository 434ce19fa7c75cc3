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


@pytest.mark.parametrize("loaded", ["[" * 100_000, '{"title": ' * 50_000, "[]", "null", "\x00"])
def test_a_garbled_base_of_the_merge_is_treated_as_none_never_a_500(app, loaded):
    """A stale save goes through the merge, which reads the values the form was loaded with: nested beyond
    Python's recursion limit, they raised RecursionError (500). Garbled, they are as if the form had none:
    every difference is offered for a choice."""
    people = build_plan_case()
    action = people.own_action
    browser = app.test_client()
    sign_in(browser, people.coordinator)
    data = {**ACTION_FORM, "title": "Toinen otsikko", "version": "0", "loaded": loaded}
    response = browser.post(f"/cases/{people.case.id}/actions/{action.id}/edit", data=data)
    assert response.status_code == 409, response.status_code  # without a base, the changed title is a choice
    assert 'value="Toinen otsikko"' in response.get_data(as_text=True)
