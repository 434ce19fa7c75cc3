"""The import-by-reference services: classification, staging, confirmation, and its races."""

import io
import re

import pytest
from openpyxl import Workbook

from arm.core.errors import ValidationError
from arm.extensions import db
from arm.plans import services as plan_services
from arm.plans.models import ACTION_FIELDS, Action, ActionStatus, ActionUpdate, Funder, Horizon, PendingImport
from arm.plans.spreadsheet import export_rows, importing, read_plan
from arm.plans.spreadsheet.importing import PreviewOutdated, RowKind
from tests.conftest import sign_in
from tests.core.test_saving import _action_form, _at_once, _in_threads


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def _file(actions: list[Action], extra_rows: list[dict] = (), **changes_by_title) -> bytes:
    """The export of `actions`, with cells changed per title ({title: {header: value}}) and rows added."""
    headers, rows = export_rows(actions)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        values = dict(zip(headers, row, strict=True)) | changes_by_title.get(row[1], {})
        sheet.append([values[h] for h in headers])
    for extra in extra_rows:
        values = {"Luokka": "RE_EMPLOYMENT", "Aikajänne": "SHORT", "Kohderyhmä": "LAID_OFF"} | extra
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _actions(plan_case) -> list[Action]:
    return [plan_case.own_action, plan_case.subgroup_action, plan_case.other_action]


def _edit(action: Action, author, **changes) -> None:
    data = {key: getattr(action, key) for key in ACTION_FIELDS} | changes
    plan_services.update_action(action, author, action.version, data, action.funders)
    db.session.commit()


def _classify(plan_case, content: bytes):
    return importing.classify(plan_case.case, read_plan(plan_case.case, content))


# Classification


def test_rows_are_sorted_into_new_updated_unchanged_and_conflicting(plan_case, request_context):
    exported = _file(
        _actions(plan_case),
        extra_rows=[
            {"Otsikko": "Aivan uusi"},
            {"Otsikko": "Ryhmän toimenpide", "Alatyöryhmä": plan_case.subgroup.name},
        ],
        **{
            "Ryhmän toimenpide": {"Edistyminen (%)": 50, "Rahoituslähteet": "ESR"},
            "Muiden toimenpide": {"Otsikko": "Muiden toimenpide, korjattu"},
        },
    )
    _edit(plan_case.other_action, plan_case.coordinator, description="Koordinaattori kirjoitti tämän.")

    preview = _classify(plan_case, exported)

    assert [(outcome.number, outcome.title, outcome.kind) for outcome in preview.rows] == [
        (2, "Oma toimenpide", RowKind.UNCHANGED),
        (3, "Ryhmän toimenpide", RowKind.UPDATED),
        (4, "Muiden toimenpide, korjattu", RowKind.CONFLICTING),
        (5, "Aivan uusi", RowKind.NEW),
        (6, "Ryhmän toimenpide", RowKind.NEW),
    ]
    updated, conflicting = preview.updated[0], preview.conflicting[0]
    assert updated.action.id == plan_case.subgroup_action.id and updated.changes == ["progress", "funders"]
    assert conflicting.changes == ["title", "description"]  # the file's title, and the description saved since
    assert [(d.label, d.in_file, d.saved) for d in conflicting.differences()] == [
        ("Otsikko", "Muiden toimenpide, korjattu", "Muiden toimenpide"),
        ("Kuvaus", "–", "Koordinaattori kirjoitti tämän."),
    ]
    [duplicate] = preview.duplicates
    assert duplicate.number == 6 and duplicate.duplicate_of.id == plan_case.subgroup_action.id
    assert (len(preview.new), len(preview.updated), len(preview.unchanged), len(preview.conflicting)) == (2, 1, 1, 1)


def test_a_stale_row_that_changes_nothing_is_unchanged(plan_case, request_context):
    exported = _file(_actions(plan_case))
    _edit(plan_case.own_action, plan_case.coordinator, progress=40)

    preview = _classify(plan_case, _file(_actions(plan_case)))
    stale = _classify(plan_case, exported)

    assert {o.kind for o in preview.rows} == {RowKind.UNCHANGED}
    assert [o.kind for o in stale.rows if o.action.id == plan_case.own_action.id] == [RowKind.CONFLICTING]


def test_an_update_writes_only_the_fields_that_changed(plan_case, request_context):
    action = plan_case.own_action
    action.description, action.funders = "Kaksi riviä,\r\njoiden välissä Windowsin rivinvaihto.  ", [Funder.ESR]
    db.session.commit()
    content = _file([action], **{"Oma toimenpide": {"Tila": "Valmis", "Edistyminen (%)": 100}})

    [outcome] = _classify(plan_case, content).rows

    assert outcome.kind is RowKind.UPDATED and outcome.changes == ["status", "progress"]
    data, funders = outcome.values()
    assert data["description"] == action.description and funders == [Funder.ESR]
    assert (data["status"], data["progress"]) == (ActionStatus.DONE, 100)


def test_new_rows_repeating_a_title_in_the_same_subgroup_are_flagged(plan_case, request_context):
    rows = [
        {"Otsikko": "Messut"},
        {"Otsikko": "MESSUT "},
        {"Otsikko": "Messut", "Alatyöryhmä": plan_case.subgroup.name},
        {"Otsikko": "  oma   toimenpide"},
    ]
    preview = _classify(plan_case, _file([], extra_rows=rows))

    assert [(o.number, o.duplicate_row, o.duplicate_of and o.duplicate_of.id) for o in preview.rows] == [
        (2, None, None),
        (3, 2, None),
        (4, None, None),  # another subgroup
        (5, None, plan_case.own_action.id),  # neither has a subgroup
    ]


def test_the_fingerprint_follows_what_the_preview_shows(plan_case, request_context):
    content = _file(_actions(plan_case), **{"Oma toimenpide": {"Otsikko": "Uusi otsikko"}})
    first = _classify(plan_case, content).fingerprint

    assert _classify(plan_case, content).fingerprint == first
    _edit(plan_case.other_action, plan_case.coordinator, progress=30)  # an unchanged row becomes conflicting
    assert _classify(plan_case, content).fingerprint != first


# Staging and confirming


def test_a_person_keeps_one_upload_per_case_and_expired_ones_go(app, plan_case, request_context):
    content = _file(_actions(plan_case))
    first = importing.stage_import(plan_case.case, plan_case.editor, "a.xlsx", content)
    other = importing.stage_import(plan_case.case, plan_case.coordinator, "b.xlsx", content)
    second = importing.stage_import(plan_case.case, plan_case.editor, "c.xlsx", content)
    db.session.commit()

    assert importing.find_pending(plan_case.case, plan_case.editor, first.token) is None
    assert importing.find_pending(plan_case.case, plan_case.editor, second.token).filename == "c.xlsx"
    assert importing.find_pending(plan_case.case, plan_case.editor, other.token) is None  # not theirs
    app.config["IMPORT_PREVIEW_VALID_MINUTES"] = -1
    importing.stage_import(plan_case.case, plan_case.member, "d.xlsx", content)
    db.session.commit()
    assert [p.filename for p in db.session.scalars(db.select(PendingImport))] == ["d.xlsx"]


def test_a_refused_file_is_not_kept(plan_case, request_context):
    with pytest.raises(ValidationError):
        importing.stage_import(plan_case.case, plan_case.editor, "x.xlsx", b"not a workbook")
    assert db.session.scalar(db.select(db.func.count()).select_from(PendingImport)) == 0


def test_confirming_creates_updates_and_uses_the_upload_up(plan_case, request_context):
    content = _file(
        _actions(plan_case),
        extra_rows=[{"Otsikko": "Uusi"}],
        **{"Oma toimenpide": {"Tila": "Valmis", "Edistyminen (%)": 100}},
    )
    pending = importing.stage_import(plan_case.case, plan_case.editor, "a.xlsx", content)
    expected = importing.preview_import(plan_case.case, pending).fingerprint

    result = importing.confirm_import(plan_case.case, plan_case.editor, pending.token, expected, skip_duplicates=True)
    db.session.commit()

    assert (result.created, result.updated, result.conflicting, result.skipped_duplicates) == (1, 1, 0, 0)
    action = db.session.get(Action, plan_case.own_action.id)
    assert (action.status, action.progress, action.version) == (ActionStatus.DONE, 100, 2)
    update = db.session.scalar(db.select(ActionUpdate).where(ActionUpdate.action_id == action.id))
    assert update.author_id == plan_case.editor.id and update.new_progress == 100
    assert db.session.scalar(db.select(Action).where(Action.title == "Uusi")) is not None
    with pytest.raises(ValidationError, match="jo tehty"):
        importing.confirm_import(plan_case.case, plan_case.editor, pending.token, expected, skip_duplicates=True)


def test_confirming_an_outdated_preview_stores_nothing(plan_case, request_context):
    content = _file(_actions(plan_case), **{"Oma toimenpide": {"Otsikko": "Tiedoston otsikko"}})
    pending = importing.stage_import(plan_case.case, plan_case.editor, "a.xlsx", content)
    db.session.commit()
    expected = importing.preview_import(plan_case.case, pending).fingerprint
    _edit(plan_case.own_action, plan_case.coordinator, title="Koordinaattorin otsikko")

    with pytest.raises(PreviewOutdated):
        importing.confirm_import(plan_case.case, plan_case.editor, pending.token, expected, skip_duplicates=True)
    db.session.rollback()

    assert db.session.get(Action, plan_case.own_action.id).title == "Koordinaattorin otsikko"
    assert db.session.get(PendingImport, pending.id) is not None  # still there to confirm the new preview


# Races: an import and an edit of the same action


def _prepared_import(app, plan_case, content: bytes):
    """An editor's client with the upload previewed: (client, confirm URL, the form to post)."""
    client = app.test_client()
    sign_in(client, plan_case.editor)
    response = client.post(
        f"/cases/{plan_case.case.id}/plan/import",
        data={"file": (io.BytesIO(content), "suunnitelma.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.location).get_data(as_text=True)
    expected = re.search(r'name="expected" type="hidden" value="([0-9a-f]+)"', page)[1]
    return client, response.location, {"expected": expected, "skip_duplicates": "y"}


def _editor(app, person):
    client = app.test_client()
    sign_in(client, person)
    return client


def test_an_import_and_an_edit_of_the_same_action_at_the_same_moment(app, monkeypatch):
    """Both pass the version check before either writes: one wins, the other is told, nothing is lost."""
    from tests.plans.conftest import build_plan_case

    plan_case = build_plan_case()
    action = plan_case.other_action
    with app.test_request_context():
        content = _file(_actions(plan_case), **{"Muiden toimenpide": {"Otsikko": "Tiedoston otsikko"}})
    importer, url, confirmation = _prepared_import(app, plan_case, content)
    editor = _editor(app, plan_case.coordinator)
    edit_url = f"/cases/{plan_case.case.id}/actions/{action.id}/edit"
    _at_once(monkeypatch, plan_services, "check_action")  # the import's update and the edit, both checked

    imported, edited = _in_threads(
        app,
        lambda: importer.post(url, data=confirmation),
        lambda: editor.post(edit_url, data=_action_form("1", title="Koordinaattorin otsikko")),
    )

    db.session.expire_all()  # the threads' requests had sessions of their own
    saved = db.session.get(Action, action.id)
    assert saved.version == 2
    if imported.status_code == 302:  # the import won: the editor gets the merge page with both titles
        assert edited.status_code == 409
        assert saved.title == "Tiedoston otsikko"
        assert "Koordinaattorin otsikko" in edited.get_data(as_text=True)
    else:  # the edit won: the import stored nothing and shows the row as conflicting
        assert (imported.status_code, edited.status_code) == (422, 302)
        assert saved.title == "Koordinaattorin otsikko"
        page = imported.get_data(as_text=True)
        assert "mitään ei tallennettu" in page and "1 ristiriidassa" in page and "Tiedoston otsikko" in page
        assert db.session.scalar(db.select(db.func.count()).select_from(PendingImport)) == 1  # to retry


@pytest.mark.parametrize("first", ["edit", "import"])
def test_whichever_of_an_import_and_an_edit_writes_second_is_told(app, monkeypatch, first):
    """One commits after the other's version check and before its write. A later import is undone
    whole (its new row too) and previewed again with the row conflicting; a later edit gets the merge
    page. Nothing is lost either way."""
    from tests.plans.conftest import build_plan_case

    plan_case = build_plan_case()
    action = plan_case.own_action
    with app.test_request_context():
        content = _file(
            _actions(plan_case),
            extra_rows=[{"Otsikko": "Uusi rivi"}],
            **{"Oma toimenpide": {"Otsikko": "Tiedoston otsikko"}},
        )
    importer, url, confirmation = _prepared_import(app, plan_case, content)
    editor = _editor(app, plan_case.coordinator)
    edit_url = f"/cases/{plan_case.case.id}/actions/{action.id}/edit"
    requests = {
        "import": lambda: importer.post(url, data=confirmation),
        "edit": lambda: editor.post(edit_url, data=_action_form("1", title="Koordinaattorin otsikko")),
    }
    original, earlier = plan_services.check_action, []

    def check_then_let_the_other_save(case, data):
        original(case, data)
        if not earlier:  # the first call is the later request's: the other request saves meanwhile
            earlier.append(None)
            [earlier[0]] = _in_threads(app, requests[first])

    monkeypatch.setattr(plan_services, "check_action", check_then_let_the_other_save)

    later = requests["import" if first == "edit" else "edit"]()

    assert earlier[0].status_code == 302
    page = later.get_data(as_text=True)
    saved = db.session.get(Action, action.id)
    if first == "edit":
        assert later.status_code == 422
        assert "Suunnitelmaa muutettiin esikatselun jälkeen, joten mitään ei tallennettu." in page
        assert "1 uusi, 0 päivitettävää, 2 ennallaan, 1 ristiriidassa" in page
        assert "Tiedoston otsikko" in page  # the file's value, beside the saved one
        assert saved.title == "Koordinaattorin otsikko"
        assert db.session.scalar(db.select(Action).where(Action.title == "Uusi rivi")) is None
    else:
        assert later.status_code == 409
        assert "Koordinaattorin otsikko" in page and "Tiedoston otsikko" in page  # the merge page
        assert saved.title == "Tiedoston otsikko"
        assert db.session.scalar(db.select(Action).where(Action.title == "Uusi rivi")) is not None
    assert saved.version == 2


def test_two_confirmations_of_one_upload_import_it_once(app, monkeypatch):
    """A double click: both requests read the upload and create its rows; only one may keep them."""
    from tests.plans.conftest import build_plan_case

    plan_case = build_plan_case()
    with app.test_request_context():
        content = _file([], extra_rows=[{"Otsikko": "Kerran"}])
    importer, url, confirmation = _prepared_import(app, plan_case, content)
    second = app.test_client()
    with importer.session_transaction() as cookie, second.session_transaction() as other:
        other.update(cookie)  # the same browser
    _at_once(monkeypatch, importing, "preview_import")

    responses = _in_threads(
        app, lambda: importer.post(url, data=confirmation), lambda: second.post(url, data=confirmation)
    )

    assert sorted(r.status_code for r in responses) == [302, 422]
    refused = next(r for r in responses if r.status_code == 422).get_data(as_text=True)
    assert "Tämä tuonti on jo tehty" in refused
    assert db.session.scalar(db.select(db.func.count()).where(Action.title == "Kerran")) == 1


@pytest.mark.parametrize(
    "label", ["Pitkä aikaväli", "Lång sikt", "Pitkän aikavälin rakennemuutossuunnitelmaan (5–10 v.)", "LONG"]
)
def test_a_file_with_the_former_or_current_long_horizon_label_still_imports(plan_case, request_context, label):
    rows = read_plan(plan_case.case, _file([], extra_rows=[{"Otsikko": "Vety", "Aikajänne": label}]))
    assert [row.data["horizon"] for row in rows] == [Horizon.LONG]
