"""The one check of free text: control characters and personal identity codes never reach the database."""

import pytest
from wtforms import PasswordField, StringField, TextAreaField

from arm.core.forms import Form
from arm.core.input import contains_identity_code, text_problem, without_control_characters


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
