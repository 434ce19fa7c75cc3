"""The form macro and the error summary (macros/forms.html): ARIA attributes only where they hold something,
errors tied to their fields, and a summary that links only to fields one can focus."""

import re

import pytest
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from arm.core.forms import CheckboxListField
from tests import factories
from tests.conftest import sign_in
from tests.markup import page_of


class SampleForm(FlaskForm):
    class Meta:
        csrf = False

    title = StringField("Otsikko", description="Lyhyt nimi.")
    note = StringField("Huomio")
    locked = StringField("Lukittu", render_kw={"disabled": True})
    version = HiddenField()
    members = CheckboxListField("Jäsenet", choices=[SelectChoice(1, "Aino"), SelectChoice(2, "Matti")], coerce=int)
    agree = BooleanField("Hyväksyn")


@pytest.fixture
def macros(app):
    with app.test_request_context():
        yield app.jinja_env.get_template("macros/forms.html").module


def _form(errors: dict[str, list[str]] | None = None, form_errors=()) -> SampleForm:
    form = SampleForm(formdata=None)
    for name, messages in (errors or {}).items():
        form[name].errors = list(messages)
    form.form_errors.extend(form_errors)
    return form


def _render(macros, form) -> str:
    return "".join(str(macros.render_field(field)) for field in form if field.type != "HiddenField")


def test_a_form_without_errors_writes_no_aria_placeholders(macros):
    html = _render(macros, _form())
    assert "None" not in html
    assert "aria-invalid" not in html
    assert 'aria-describedby="title-help"' in html
    assert str(macros.form_errors(_form())).strip() == ""


def test_only_fields_in_error_are_invalid_and_described_by_their_message(macros):
    form = _form({"title": ["Anna otsikko."], "members": ["Valitse jäsen."], "agree": ["Pakollinen."]})
    html = _render(macros, form)
    title = re.search(r"<input[^>]*id=\"title\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in title and 'aria-describedby="title-error title-help"' in title
    note = re.search(r"<input[^>]*id=\"note\"[^>]*>", html).group(0)
    assert "aria-invalid" not in note and "aria-describedby" not in note
    assert 'id="title-error"' in html and "Anna otsikko." in html
    # A list of checkboxes: the fieldset is described by the message, each checkbox is invalid.
    assert re.search(r'<fieldset[^>]*id="members"[^>]*aria-describedby="members-error"', html)
    assert len(re.findall(r'<input[^>]*aria-invalid="true"[^>]*id="members-\d"', html)) == 2
    assert 'aria-describedby="agree-error"' in html
    assert html.count('aria-invalid="true"') == 4
    assert "None" not in html


def test_the_summary_links_to_focusable_fields_and_names_hidden_and_disabled_ones(macros):
    form = _form(
        {
            "title": ["Anna otsikko."],
            "locked": ["Arvoa ei voi muuttaa."],
            "version": ["Lomakkeen versiotieto on virheellinen."],
            "members": ["Valitse jäsen."],
        },
        form_errors=["Tietoja muutettiin samaan aikaan."],
    )
    summary = str(macros.form_errors(form))
    assert "autofocus" in summary and 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert re.findall(r'href="#([^"]+)"', summary) == ["title", "members-0"]
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert items[0] == "Tietoja muutettiin samaan aikaan."
    assert "Lukittu: Arvoa ei voi muuttaa." in summary and 'href="#locked"' not in summary
    assert "Lomakkeen versiotieto on virheellinen." in summary and 'href="#version"' not in summary


def test_a_prefixed_form_gets_a_summary_id_of_its_own(app, macros):
    form = SampleForm(formdata=None, prefix="a12")
    form.note.errors = ["Liian pitkä."]
    summary = str(macros.form_errors(form))
    assert 'id="a12form-errors"' in summary and 'href="#a12-note"' in summary


class LimitedForm(FlaskForm):
    class Meta:
        csrf = False

    title = StringField("Otsikko", validators=[Length(max=200)], description="Lyhyt nimi.")
    summary = TextAreaField("Tiivistelmä", validators=[Optional(), Length(max=20_000)])
    phone = StringField("Puhelin", validators=[Length(max=40)])


def test_a_text_field_with_a_limit_shows_it_and_is_not_cut_by_the_browser(macros):
    form = LimitedForm(formdata=None)
    form.title.errors = ["Liian pitkä."]
    html = str(macros.render_field(form.title))
    control = re.search(r"<input[^>]*>", html).group(0)
    assert 'aria-describedby="title-error title-help title-limit"' in control
    assert 'data-limit="200"' in control and "maxlength" not in control
    hint = re.search(r'<div id="title-limit"[^>]*>(.*?)</div>', html, re.S)
    assert hint and "Enintään 200 merkkiä." in hint.group(1)
    # The announcer is polite and empty until the script writes into it near the limit.
    assert re.search(r'<div class="visually-hidden" aria-live="polite" data-char-announce></div>', html)
    assert 'data-left="Merkkejä jäljellä: {n}"' in html and 'data-over="Merkkejä liikaa: {n}"' in html


def test_a_long_text_area_shows_its_limit_written_for_the_language(macros):
    html = str(macros.render_field(LimitedForm(formdata=None).summary))
    assert "<textarea" in html and 'data-limit="20000"' in html and "maxlength" not in html
    assert "Enintään 20\u00a0000 merkkiä." in html


def test_a_short_field_keeps_its_maxlength_without_a_counter(macros):
    html = str(macros.render_field(LimitedForm(formdata=None).phone))
    assert 'maxlength="40"' in html and "data-limit" not in html and "phone-limit" not in html


def test_date_pickers_carry_no_format_hint(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    for url in ("/cases/new", f"/cases/{people.case.id}/waves/new", f"/cases/{people.case.id}/actions/new"):
        page = client.get(url).get_data(as_text=True)
        assert 'type="date"' in page, url
        assert "vvvv-kk-pp" not in page, url


@pytest.mark.parametrize("locale", ["fi", "sv", "en"])
def test_the_footer_names_the_language_choice_in_every_language(client, locale):
    client.post("/language", data={"locale": locale, "next": "/login"})
    page = page_of(client.get("/login"))
    assert page.find("html").attrs["lang"] == locale
    label = page.find("label", **{"for": "footer-locale"})
    assert label.text == "Kieli / Språk / Language"
    assert [span.attrs["lang"] for span in label.find_all("span")] == ["fi", "sv", "en"]
