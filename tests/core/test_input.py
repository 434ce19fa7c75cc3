"""The one check of free text: control characters and personal identity codes never reach the database."""

import pytest
from sqlalchemy import func, select
from wtforms import PasswordField, StringField, TextAreaField

from arm.core.forms import Form
from arm.core.input import contains_identity_code, text_problem, without_control_characters
from arm.extensions import db
from arm.plans.models import PendingImport
from tests.conftest import sign_in
from tests.markup import field_error, page_of
from tests.plans import spreadsheets as sheets
from tests.plans.conftest import build_plan_case


@pytest.mark.parametrize(
    "text", ["131052-308T", "Soita: 131052-308t kiitos", "010594Y9032", "(020516C903K)", "010101A900R"]
)
def test_valid_identity_codes_are_found(text):
    assert contains_identity_code(text)


@pytest.mark.parametrize(
    "text",
    [
        "131052-308U",  # wrong check character
        "321052-308T",  # no such day
        "Y-tunnus 0112038-9",
        "Sopimus 131052-3080001",  # part of a longer number
        "puh. 040 123 4567",
        "",
    ],
)
def test_other_text_is_not_taken_for_an_identity_code(text):
    assert not contains_identity_code(text)


def test_one_line_text_refuses_every_control_character_and_long_text_keeps_tabs_and_breaks():
    assert text_problem("Nimi\tSukunimi") is not None
    assert text_problem("rivi\r\nrivi\tsarake", multiline=True) is None
    assert text_problem("NUL\x00", multiline=True) is not None
    assert text_problem("C1\x85", multiline=True) is not None
    assert text_problem("Ääkköset, € ja – käyvät") is None
    assert without_control_characters("a\x00b\x01c\td") == "abcd"
    assert without_control_characters("a\x00b\tc\nd", multiline=True) == "ab\tc\nd"


class _Form(Form):
    class Meta:
        csrf = False

    title = StringField()
    notes = TextAreaField()
    password = PasswordField()


def test_every_form_refuses_them_field_by_field_and_keeps_the_input(app):
    with app.test_request_context(
        method="POST", data={"title": "Hyvä\x01", "notes": "Yhteys 131052-308T", "password": "\x01131052-308T"}
    ):
        form = _Form()
        assert not form.validate()
        assert form.title.data == "Hyvä\x01"
        assert "ohjausmerkit" in str(form.title.errors[0])
        assert "henkilötunnuksen" in str(form.notes.errors[0])
        assert not form.password.errors  # a password is never shown or stored as text


def _arm_modules():
    import importlib
    import pkgutil

    import arm

    for module in pkgutil.walk_packages(arm.__path__, "arm."):
        yield importlib.import_module(module.name)


def test_every_form_of_the_app_inherits_the_one_base_that_checks_text():
    """A form built on FlaskForm or wtforms.Form directly would skip the check of control characters and
    identity codes: every form class defined in arm/ is an arm.core.forms.Form."""
    import inspect

    import wtforms

    forms = {
        cls
        for module in _arm_modules()
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, wtforms.Form) and cls.__module__.startswith("arm.")
    }
    assert len(forms) > 30  # the walk found the areas' forms
    assert sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in forms if not issubclass(cls, Form)) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("irtisanotut 131052-308T.xlsx", "Tiedoston nimi näyttää sisältävän henkilötunnuksen"),
        ("suunnitelma\x00.xlsx", "Tiedoston nimessä on ohjausmerkkejä"),
        ("suunnitelma\x85.xlsx", "Tiedoston nimessä on ohjausmerkkejä"),
    ],
)
def test_an_uploaded_file_name_goes_through_the_same_check(app, client, name, message):
    """A file's name is text that reaches the database (the import's preview keeps it), outside any text field."""
    plan_case = build_plan_case()
    sign_in(client, plan_case.editor)
    response = sheets.upload(client, plan_case.case.id, sheets.workbook([sheets.row()]), name=name)
    assert response.status_code == 422
    assert message in field_error(page_of(response), "file")
    assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 0
    assert sheets.upload(client, plan_case.case.id, sheets.workbook([sheets.row()])).status_code == 302


@pytest.mark.parametrize(
    ("email", "name", "hint"),
    [
        ("a@example.fi", "Nimi\x00", "--name"),
        ("a@example.fi", "Henkilö 131052-308T", "--name"),
        ("a\x01@example.fi", "Nimi", "EMAIL"),
    ],
)
def test_the_command_line_takes_no_control_characters_or_identity_codes_either(app, runner, email, name, hint):
    """`flask arm create-user` stores a name and an address outside any form: the same check refuses them."""
    from arm.auth.models import User

    result = runner.invoke(args=["arm", "create-user", email, "--name", name, "--password", "long enough password"])
    assert result.exit_code != 0 and hint in result.output, result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
