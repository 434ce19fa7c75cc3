"""Our own exports import back: by reference, previewed as new, updated, unchanged and conflicting rows."""

import io

from openpyxl import load_workbook

from arm.extensions import db
from arm.plans.models import Action
from tests.conftest import sign_in
from tests.plans import spreadsheets as sheets


def test_reimporting_the_export_changes_nothing(client, plan_case):
    """The issue's bug: the template link's file, uploaded back, duplicated every action."""
    sign_in(client, plan_case.editor)
    plan_case.subgroup_action.budget = 125_000
    db.session.commit()
    before, versions = sheets.count(plan_case.case.id), {a.id: a.version for a in db.session.scalars(db.select(Action))}

    url, preview = sheets.preview(client, plan_case.case.id, sheets.export(client, plan_case.case.id))

    assert sheets.summary(preview) == "0 uutta, 0 päivitettävää, 3 ennallaan, 0 ristiriidassa"
    assert "Vahvista tuonti" not in preview.get_data(as_text=True)  # nothing to do
    assert sheets.confirm(client, url, preview).status_code == 302
    assert sheets.count(plan_case.case.id) == before
    assert {a.id: a.version for a in db.session.scalars(db.select(Action))} == versions


def test_a_changed_cell_updates_its_action(client, plan_case):
    sign_in(client, plan_case.editor)
    exported = sheets.export(client, plan_case.case.id)
    changed = sheets.edited(
        exported, "Oma toimenpide", **{"Otsikko": "Oma toimenpide, laajennettu", "Budjetti (€)": 5000}
    )

    url, preview = sheets.preview(client, plan_case.case.id, changed)

    assert sheets.summary(preview) == "0 uutta, 1 päivitettävä, 2 ennallaan, 0 ristiriidassa"
    assert "Otsikko, Budjetti (€)" in preview.get_data(as_text=True)
    response = sheets.confirm(client, url, preview)
    assert response.status_code == 302
    assert "Tuotiin 0 uutta toimenpidettä. Päivitettiin 1 toimenpide." in client.get(response.location).get_data(
        as_text=True
    )
    action = db.session.get(Action, plan_case.own_action.id)
    assert (action.title, str(action.budget), action.version) == ("Oma toimenpide, laajennettu", "5000.00", 2)
    assert sheets.count(plan_case.case.id) == 3


def test_columns_left_out_keep_their_saved_values(client, plan_case):
    sign_in(client, plan_case.editor)
    plan_case.own_action.budget, plan_case.own_action.expected_jobs = 9000, 12
    db.session.commit()
    exported = sheets.edited(sheets.export(client, plan_case.case.id), "Oma toimenpide", **{"Tila": "Viivästynyt"})
    trimmed = sheets.without_columns(exported, "Budjetti (€)", "Odotetut työpaikat", "Kuvaus", "Rahoituslähteet")

    assert sheets.import_file(client, plan_case.case.id, trimmed).status_code == 302

    action = db.session.get(Action, plan_case.own_action.id)
    assert action.status.name == "DELAYED"
    assert (str(action.budget), action.expected_jobs) == ("9000.00", 12)


def test_an_edit_in_the_app_after_the_export_makes_the_row_conflicting(client, plan_case):
    sign_in(client, plan_case.editor)
    exported = sheets.export(client, plan_case.case.id)
    sheets.edit_in_app(plan_case.own_action, plan_case.coordinator, title="Koordinaattorin otsikko")
    changed = sheets.edited(exported, "Oma toimenpide", **{"Edistyminen (%)": 60})

    url, preview = sheets.preview(client, plan_case.case.id, changed)

    page = preview.get_data(as_text=True)
    assert sheets.summary(preview) == "0 uutta, 0 päivitettävää, 2 ennallaan, 1 ristiriidassa"
    assert "Tiedosto on viety versiosta 1, tallennettu versio on 2." in page
    assert "Koordinaattorin otsikko" in page and "Oma toimenpide" in page  # the title: saved and in the file
    assert "<td>60</td><td>20</td>" in page  # progress in the file beside the saved value
    response = sheets.confirm(client, url, preview)
    assert response.status_code == 302
    action = db.session.get(Action, plan_case.own_action.id)
    assert (action.title, action.progress, action.version) == ("Koordinaattorin otsikko", 20, 2)


def test_an_edit_between_preview_and_confirmation_stores_nothing(client, plan_case):
    sign_in(client, plan_case.editor)
    exported = sheets.export(client, plan_case.case.id)
    changed = sheets.edited(exported, "Oma toimenpide", **{"Otsikko": "Tiedoston otsikko"})
    changed = sheets.edited(changed, "Muiden toimenpide", **{"Edistyminen (%)": 90})
    changed = sheets.workbook_with_new_row(changed, "Täysin uusi toimenpide")
    url, preview = sheets.preview(client, plan_case.case.id, changed)
    assert sheets.summary(preview) == "1 uusi, 2 päivitettävää, 1 ennallaan, 0 ristiriidassa"

    sheets.edit_in_app(plan_case.own_action, plan_case.coordinator, title="Koordinaattorin otsikko")
    refused = sheets.confirm(client, url, preview)

    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Suunnitelmaa muutettiin esikatselun jälkeen, joten mitään ei tallennettu." in page
    assert sheets.summary(refused) == "1 uusi, 1 päivitettävä, 1 ennallaan, 1 ristiriidassa"
    assert sheets.count(plan_case.case.id) == 3
    assert db.session.get(Action, plan_case.other_action.id).progress == 20
    # Confirming the new preview stores the rest and leaves the conflicting row alone.
    response = sheets.confirm(client, url, refused)
    assert response.status_code == 302
    assert "1 ristiriitainen rivi jätettiin tuomatta" in client.get(response.location).get_data(as_text=True)
    assert db.session.get(Action, plan_case.own_action.id).title == "Koordinaattorin otsikko"
    assert db.session.get(Action, plan_case.other_action.id).progress == 90
    assert sheets.count(plan_case.case.id) == 4


def test_an_old_file_without_references_is_flagged_as_duplicates(client, plan_case):
    """A file exported before references existed: every row matches an action by subgroup and title."""
    sign_in(client, plan_case.editor)
    old = sheets.without_columns(sheets.export(client, plan_case.case.id), "Tunniste", "Versio")

    url, preview = sheets.preview(client, plan_case.case.id, old)

    page = preview.get_data(as_text=True)
    assert sheets.summary(preview) == "3 uutta, 0 päivitettävää, 0 ennallaan, 0 ristiriidassa"
    assert "Todennäköiset kaksoiskappaleet" in page
    assert f'/actions/{plan_case.subgroup_action.id}">Ryhmän toimenpide</a>' in page
    response = sheets.confirm(client, url, preview)  # the default leaves the duplicates out
    assert "3 todennäköistä kaksoiskappaletta jätettiin tuomatta" in client.get(response.location).get_data(
        as_text=True
    )
    assert sheets.count(plan_case.case.id) == 3


def test_a_duplicate_title_in_the_same_subgroup_is_flagged_but_may_be_imported(client, plan_case):
    sign_in(client, plan_case.editor)
    subgroup = {"Alatyöryhmä": plan_case.subgroup.name}
    rows = [
        sheets.row("  ryhmän   TOIMENPIDE ", **subgroup),  # the same title, written differently
        sheets.row("Ryhmän toimenpide"),  # the same title in no subgroup: another action's
        sheets.row("Uusi kahdesti", **subgroup),
        sheets.row("Uusi kahdesti", **subgroup),
    ]
    url, preview = sheets.preview(client, plan_case.case.id, sheets.workbook(rows))

    page = preview.get_data(as_text=True)
    assert sheets.summary(preview) == "4 uutta, 0 päivitettävää, 0 ennallaan, 0 ristiriidassa"
    duplicates = page[page.index("Todennäköiset kaksoiskappaleet") :]
    assert "<td>2</td>" in duplicates and "rivi 4" in duplicates and "<td>3</td>" not in duplicates
    assert sheets.confirm(client, url, preview, skip_duplicates=False).status_code == 302
    assert sheets.count(plan_case.case.id) == 7


def test_unicode_and_formula_like_text_round_trip_unchanged(client, plan_case):
    """Text that looks like a formula (a Markdown list begins with "-") is a text cell, and imports back as it was."""
    sign_in(client, plan_case.editor)
    action = plan_case.own_action
    action.title = "=Työllisyys – Åbo/Turku 🚀 «ÄÖ» 雇用"
    action.description = "- ensimmäinen kohta\r\n- toinen kohta\r\n\r\n+ svenska: sysselsättning  "
    db.session.commit()

    _url, preview = sheets.preview(client, plan_case.case.id, sheets.export(client, plan_case.case.id))

    assert sheets.summary(preview) == "0 uutta, 0 päivitettävää, 3 ennallaan, 0 ristiriidassa"
    exported = sheets.export(client, plan_case.case.id)
    title_cell = next(c for c in load_workbook(io.BytesIO(exported)).active["B"] if c.value == action.title)
    assert title_cell.data_type == "s"  # as typed, no guard character: a text cell is never a formula
    changed = sheets.edited(exported, action.title, **{"Budjetti (€)": "1 000,50"})
    assert sheets.import_file(client, plan_case.case.id, changed).status_code == 302
    saved = db.session.get(Action, action.id)
    assert saved.title == "=Työllisyys – Åbo/Turku 🚀 «ÄÖ» 雇用" and str(saved.budget) == "1000.50"
    assert saved.description.startswith("- ensimmäinen kohta")  # unchanged fields are not rewritten


def test_a_preview_is_its_uploaders_only_and_is_used_up_by_the_import(app, client, plan_case):
    sign_in(client, plan_case.editor)
    url, preview = sheets.preview(client, plan_case.case.id, sheets.workbook([sheets.row("Kerran vain")]))
    coordinator = app.test_client()
    sign_in(coordinator, plan_case.coordinator)
    assert coordinator.get(url).status_code == 302  # another person's upload: back to the upload page

    assert sheets.confirm(client, url, preview).status_code == 302
    again = sheets.confirm(client, url, preview)  # a second click, or the back button

    assert again.status_code == 302 and again.location.endswith("/plan/import")
    assert "Tämä tuonti on jo tehty" in client.get(again.location).get_data(as_text=True)
    assert sheets.count(plan_case.case.id) == 4


def test_an_expired_preview_is_not_imported(app, client, plan_case):
    sign_in(client, plan_case.editor)
    url, preview = sheets.preview(client, plan_case.case.id, sheets.workbook([sheets.row("Myöhään")]))
    app.config["IMPORT_PREVIEW_VALID_MINUTES"] = -1

    response = sheets.confirm(client, url, preview)

    assert response.status_code == 302 and response.location.endswith("/plan/import")
    assert sheets.count(plan_case.case.id) == 3
