"""Form fields shared by the areas, and the one way a form reports every rule it breaks at once."""

import enum
import re
from datetime import time
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms import DateField as _DateField
from wtforms import (
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms import IntegerField as _IntegerField
from wtforms.fields.choices import enum_choices, enum_coerce
from wtforms.validators import Length, StopValidation

from arm.core.i18n import format_decimal, format_locale
from arm.core.input import file_name_problem, text_problem

INVALID_CHOICE = _l("Valitse jokin annetuista vaihtoehdoista.")
NOT_CHOSEN = _l("— ei valittu —")


def with_empty_choice(choices: list[tuple]) -> list[tuple]:
    """Choices for a select that starts with nothing chosen: no row is chosen for the user."""
    return [("", NOT_CHOSEN), *choices]


def text_limit(field) -> int | None:
    """The most characters a text field takes (its Length validator), for the fields where one writes a title,
    a name or a text: short codes and numbers (under 100 characters) need no counter. Templates call it for
    every field they render, hence Python, not a macro."""
    if field.type not in ("StringField", "TextAreaField"):
        return None
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max and validator.max >= 100:
            return validator.max
    return None


def optional_int(value) -> int | None:
    """Coerce for selects of ids whose first choice is empty."""
    return None if value in ("", None, "None") else int(value)


def lazy_number(value) -> LazyString:
    """A number for a message defined at import time, written the way of the language it is shown in."""
    return LazyString(lambda: format_decimal(value))


def range_message(minimum: int, maximum: int) -> LazyString:
    return _l("Anna luku väliltä %(min)s–%(max)s.", min=lazy_number(minimum), max=lazy_number(maximum))


def add_rule_errors(form, errors: list[tuple[str | None, str]]) -> bool:
    """Put the messages of a service's rule check (field name, message) on the form; False if there were any.

    A form runs the rules of its service in `validate`, so that every check reports on the first submit;
    the service checks again as the last defence. A field that already failed keeps its one message.
    """
    added = False
    for name, message in errors:
        field = form._fields.get(name) if name else None
        if field is None:
            form.form_errors.append(message)
        elif not field.errors:
            field.errors = [*field.errors, message]
        else:
            continue
        added = True
    return not added


class _ParsedField:
    """A field whose text failed to parse says only that: no "required" or range message after it."""

    def pre_validate(self, form):
        # Nothing typed is no parse error of its own: Optional or InputRequired then has the word.
        typed = bool(self.raw_data and str(self.raw_data[0]).strip())
        if self.process_errors and typed:
            raise StopValidation()
        super().pre_validate(form)


class IntegerField(_ParsedField, _IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Anna kokonaisluku numeroina, esim. 120."))
        super().__init__(*args, **kwargs)


class DateField(_ParsedField, _DateField):
    """A date picker; only a browser without one sends text, and the message then tells the format."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Anna päivämäärä muodossa vvvv-kk-pp, esim. 2021-04-21."))
        super().__init__(*args, **kwargs)


_TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")


class TimeField(_ParsedField, StringField):
    """A time of day as people write it in Finland (13.30) or as a time picker sends it (13:30)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off", "placeholder": "13.00"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        match = _TIME.match(valuelist[0])
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            self.data = time(int(match[1]), int(match[2]))
        else:
            raise ValueError(str(_l("Anna kellonaika muodossa 13.00.")))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H.%M") if isinstance(self.data, time) else ""


LARGEST_AMOUNT = Decimal("999999999999.99")  # the spreadsheet import takes the same (arm/plans/spreadsheet/cells.py)
_AMOUNT_NUMBER = re.compile(r"-?\d+([.,]\d+)?")
_GROUPED_WITH_COMMAS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")  # 12,500.50 where the decimal sign is a point
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_amount(text: str) -> Decimal | None:
    """An amount as people write it: 12 500,50 · 12500.50 · 120 000 € (and 12,500.50 in English); None if not one."""
    plain = _SPACES.sub("", text).removesuffix("€").removeprefix("€")
    if _GROUPED_WITH_COMMAS.fullmatch(plain) and _decimal_sign() == ".":
        plain = plain.replace(",", "")
    if not _AMOUNT_NUMBER.fullmatch(plain):
        return None
    return Decimal(plain.replace(",", "."))


def format_amount(value: Decimal) -> str:
    """An amount as the forms show it: grouped in thousands, with cents only when there are some."""
    return format_decimal(value, "#,##0" if value == value.to_integral_value() else "#,##0.00")


def _decimal_sign() -> str:
    return format_locale().number_symbols["latn"]["decimal"]


class AmountField(_ParsedField, StringField):
    """An exact amount as people type it (see `parse_amount`), at most two decimals; data is a Decimal."""

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            return
        amount = parse_amount(text)
        if amount is None:
            raise ValueError(_l("Anna määrä numeroina, esim. 12 500,50."))
        if amount < 0:
            raise ValueError(_l("Määrä ei voi olla negatiivinen."))
        if amount > LARGEST_AMOUNT:
            raise ValueError(_l("Määrä on liian suuri: enintään %(max)s.", max=format_amount(LARGEST_AMOUNT)))
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(_l("Anna määrä enintään kahdella desimaalilla, esim. 12 500,50."))
        self.data = amount

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format_amount(self.data)


def enum_select(label, enum_class: type[enum.Enum], members=None, optional: bool = False, **kwargs) -> SelectField:
    """A select over an enum (or some of its members), labelled by each member's `label`.

    `optional` adds an empty first choice whose value is None.
    """
    allowed = list(members or enum_class)
    coerce = enum_coerce(enum_class, by="name")

    def choices():
        members = [
            c for c in enum_choices(enum_class, by="name", label=lambda m: m.label) if enum_class[c.value] in allowed
        ]
        return [("", NOT_CHOSEN), *members] if optional else members

    return SelectField(
        label,
        choices=choices,
        coerce=(lambda value: None if value in ("", None) else coerce(value)) if optional else coerce,
        invalid_value_message=INVALID_CHOICE,
        invalid_choice_message=INVALID_CHOICE,
        **kwargs,
    )


class CheckboxListField(SelectMultipleField):
    """A multiple choice as a list of checkboxes: easier by keyboard, touch and screen reader than <select multiple>."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def enum_checkboxes(label, enum_class: type[enum.Enum], **kwargs) -> CheckboxListField:
    return CheckboxListField(
        label,
        choices=lambda: enum_choices(enum_class, by="name", label=lambda m: m.label),
        coerce=enum_coerce(enum_class, by="name"),
        invalid_value_message=INVALID_CHOICE,
        invalid_choice_message=INVALID_CHOICE,
        **kwargs,
    )


class Form(FlaskForm):
    """The base of every form: besides its own validators, no free-text field takes control characters
    (long text keeps tabs and line breaks) or a personal identity code, nor does an uploaded file's name
    (see arm.core.input)."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            problem = self._text_problem(field)
            if problem is not None:
                field.errors = [*field.errors, problem]
                valid = False
        return valid

    @staticmethod
    def _text_problem(field):
        if isinstance(field.data, FileStorage):  # an upload's name is stored and shown too
            return file_name_problem(field.data.filename)
        if isinstance(field, (PasswordField, HiddenField)) or not isinstance(field, StringField):
            return None
        if not isinstance(field.data, str):
            return None
        return text_problem(field.data, multiline=isinstance(field, TextAreaField))


class ConfirmForm(Form):
    """The confirmation of a button that changes data (end, remove, delete): CSRF and nothing else."""

    submit = SubmitField(_l("Vahvista"))
