"""The three-way merge, as two people meet it: two real sessions with the same form open."""

import re
from decimal import Decimal
from html import unescape

from arm.extensions import db
from arm.plans.models import Action, ActionStatus
from tests.conftest import sign_in
from tests.plans.conftest import build_plan_case


def _form_fields(page: str) -> dict[str, list[str]]:
    """What the browser would submit from the edit form as rendered (inputs, selects, checkboxes, text areas)."""
    form = page[page.index('<form method="post"', page.index("<main")) :]
    form = form[: form.index("</form>")]
    data: dict[str, list[str]] = {}
    for tag in re.finditer(r"<input[^>]*>", form):
        attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', tag[0]))
        if attrs.get("type") in ("checkbox", "radio") and "checked" not in tag[0]:
            continue
        if "name" in attrs and attrs.get("type") != "submit":
            data.setdefault(attrs["name"], []).append(unescape(attrs.get("value", "")))
    for select in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        options = re.findall(r"<option[^>]*>", select[2])
        chosen = [re.search(r'value="([^"]*)"', o)[1] for o in options if re.search(r"\sselected[\s>]", o)]
        data[select[1]] = [unescape(v) for v in chosen] or [""]
    for area in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[area[1]] = [unescape(area[2]).removeprefix("\r\n").removeprefix("\n")]
    return data


def _two_editors(app):
    people = build_plan_case()
    action = people.other_action
    action.expected_jobs, action.budget = 150, Decimal("40000")
    db.session.commit()
    url = f"/cases/{people.case.id}/actions/{action.id}/edit"
    a, b = app.test_client(), app.test_client()
    sign_in(a, people.editor)
    sign_in(b, people.coordinator)
    return people, action, url, a, b


def _post(client, url, form: dict, **changes):
    data = {k: list(v) for k, v in form.items()}
    data.update({k: [v] for k, v in changes.items()})
    return client.post(url, data=data)


def test_fields_only_one_person_changed_are_both_kept(app):
    """A raises the expected jobs; B, with the form open from before, changes the budget: both stay."""
    _people, action, url, a, b = _two_editors(app)
    form_a, form_b = _form_fields(a.get(url).get_data(as_text=True)), _form_fields(b.get(url).get_data(as_text=True))

    assert _post(a, url, form_a, expected_jobs="200").status_code == 302
    response = _post(b, url, form_b, budget="45 000")

    assert response.status_code == 302  # nothing both changed: saved at once
    saved = db.session.get(Action, action.id)
    assert (saved.expected_jobs, saved.budget) == (200, Decimal("45000"))
    notice = b.get(response.location).get_data(as_text=True)
    assert "ne säilyivät: Odotetut uudet työpaikat" in notice


def test_a_field_both_changed_is_offered_for_a_choice(app):
    _people, action, url, a, b = _two_editors(app)
    form_a, form_b = _form_fields(a.get(url).get_data(as_text=True)), _form_fields(b.get(url).get_data(as_text=True))
    assert _post(a, url, form_a, expected_jobs="200", title="A:n otsikko").status_code == 302

    response = _post(b, url, form_b, expected_jobs="180", budget="45 000")

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    # Only the field both changed is offered, with who saved the other value.
    choices = re.findall(r'<fieldset class="[^"]*merge-choice">\s*<legend[^>]*>([^<]+)</legend>', page)
    assert choices == ["Odotetut uudet työpaikat"]
    assert re.search(r"Testi Henkilö \d+ tallensi tämän", page)
    assert re.search(
        r'merge-expected_jobs-theirs" value="theirs">\s*<label[^>]*>Tallennettu arvo: <strong[^>]*>200<', page
    )
    merged = _form_fields(page)
    assert merged["title"] == ["A:n otsikko"]  # only A changed it: taken
    assert merged["budget"] == ["45 000"]  # only B changed it: kept, as B typed it
    assert merged["expected_jobs"] == ["180"]  # both: B's own value in the form until B chooses
    assert db.session.get(Action, action.id).expected_jobs == 200  # nothing saved yet

    merged["merge-expected_jobs"] = ["theirs"]
    assert b.post(url, data=merged).status_code == 302
    saved = db.session.get(Action, action.id)
    assert (saved.title, saved.expected_jobs, saved.budget) == ("A:n otsikko", 200, Decimal("45000"))


def test_choosing_my_value_keeps_it(app):
    _people, action, url, a, b = _two_editors(app)
    form_a, form_b = _form_fields(a.get(url).get_data(as_text=True)), _form_fields(b.get(url).get_data(as_text=True))
    assert _post(a, url, form_a, expected_jobs="200").status_code == 302
    page = _post(b, url, form_b, expected_jobs="180").get_data(as_text=True)

    assert b.post(url, data=_form_fields(page)).status_code == 302  # "mine" is preselected
    assert db.session.get(Action, action.id).expected_jobs == 180


def test_a_third_save_during_the_merge_is_merged_again(app):
    """While B looks at the merge page, A saves once more: B's next save merges against that."""
    _people, action, url, a, b = _two_editors(app)
    form_a, form_b = _form_fields(a.get(url).get_data(as_text=True)), _form_fields(b.get(url).get_data(as_text=True))
    assert _post(a, url, form_a, expected_jobs="200").status_code == 302
    merge_page = _form_fields(_post(b, url, form_b, expected_jobs="180").get_data(as_text=True))
    assert _post(a, url, _form_fields(a.get(url).get_data(as_text=True)), title="Kolmas otsikko").status_code == 302

    assert b.post(url, data=merge_page).status_code == 302
    saved = db.session.get(Action, action.id)
    assert (saved.title, saved.expected_jobs) == ("Kolmas otsikko", 180)


def test_a_quick_update_survives_an_edit_of_other_fields(app):
    """The member's progress update is saved although the editor renamed the action meanwhile."""
    people = build_plan_case()
    action = people.own_action
    member, editor = app.test_client(), app.test_client()
    sign_in(member, people.member)
    sign_in(editor, people.editor)
    my_actions = member.get(f"/cases/{people.case.id}/my-actions").get_data(as_text=True)
    prefix = f"a{action.id}-"
    version = re.search(rf'name="{prefix}version" type="hidden" value="(\d+)"', my_actions)[1]
    loaded = unescape(re.search(rf'name="{prefix}loaded" type="hidden" value="([^"]*)"', my_actions)[1])
    edit_url = f"/cases/{people.case.id}/actions/{action.id}/edit"
    renamed = _post(editor, edit_url, _form_fields(editor.get(edit_url).get_data(as_text=True)), title="Uusi nimi")
    assert renamed.status_code == 302

    response = member.post(
        f"/cases/{people.case.id}/actions/{action.id}/progress",
        data={
            "back": "my-actions",
            f"{prefix}status": "ONGOING",
            f"{prefix}progress": "40",
            f"{prefix}note": "Ensimmäiset haastattelut pidetty",
            f"{prefix}version": version,
            f"{prefix}loaded": loaded,
        },
    )

    assert response.status_code == 302
    saved = db.session.get(Action, action.id)
    assert (saved.title, saved.status, saved.progress) == ("Uusi nimi", ActionStatus.ONGOING, 40)


def test_the_merge_page_writes_values_as_the_forms_do(app):
    """Amounts grouped in thousands, dates for the language, choices by their whole label."""
    people, _action, url, a, b = _two_editors(app)
    form_a, form_b = _form_fields(a.get(url).get_data(as_text=True)), _form_fields(b.get(url).get_data(as_text=True))
    owner, other_owner = people.membership["member"], people.membership["editor"]
    changes_a = {"budget": "120 000", "starts_on": "2021-03-01", "owner_id": str(owner.id)}
    assert _post(a, url, form_a, **changes_a).status_code == 302
    response = _post(b, url, form_b, budget="99 000,50", starts_on="2021-04-01", owner_id=str(other_owner.id))
    assert response.status_code == 409
    page = response.get_data(as_text=True).replace("\u00a0", " ")
    values = dict(
        re.findall(r'id="merge-(\w+)-theirs"[^>]*>\s*<label[^>]*>[^<]*<strong class="merge-value">([^<]*)<', page)
    )
    mine = dict(
        re.findall(r'id="merge-(\w+)-mine"[^>]*checked>\s*<label[^>]*>[^<]*<strong class="merge-value">([^<]*)<', page)
    )
    assert values["budget"] == "120 000" and mine["budget"] == "99 000,50"
    assert values["starts_on"] == "1.3.2021" and mine["starts_on"] == "1.4.2021"
    labels = dict(re.findall(r'<option[^>]*value="(\d+)"[^>]*>([^<]+)</option>', page))
    assert values["owner_id"] == labels[str(owner.id)] and mine["owner_id"] == labels[str(other_owner.id)]
    assert "(" in values["owner_id"]  # the whole label, with the organisation
