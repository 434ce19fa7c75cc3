"""Form fields shared by the areas."""

import enum
import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField, ValidationError, widgets
from wtforms.fields.choices import enum_choices, enum_coerce

INVALID_CHOICE = _l("Valitse jokin annetuista vaihtoehdoista.")
NOT_CHOSEN = _l("— ei valittu —")


def with_empty_choice(choices: list[tuple]) -> list[tuple]:
    """Choices for a select that starts with nothing chosen: no row is chosen for the user."""
    return [("", NOT_CHOSEN), *choices]


def optional_int(value) -> int | None:
    """Coerce for selects of ids whose first choice is empty."""
    return None if value in ("", None, "None") else int(value)


class AmountField(StringField):
    """An exact amount typed the Finnish way (12 500,50 or 12500.50), at most two decimals; data is a Decimal."""

    PATTERN = re.compile(r"\d{1,12}(\.\d{1,2})?")

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            return
        plain = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not self.PATTERN.fullmatch(plain):
            raise ValueError(_l("Anna määrä numeroina, enintään kahdella desimaalilla, esim. 12 500,50."))
        self.data = Decimal(plain)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(self.data, "f").replace(".", ",")


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


# Tabs, line breaks and other control characters: invisible in a one-line field, and PostgreSQL refuses NUL.
LINE_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def single_line(form, field) -> None:
    """A validator for one-line text that refuses control characters instead of storing what nobody sees."""
    if field.data and LINE_CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_l("Poista tekstistä ohjausmerkit, kuten sarkaimet ja rivinvaihdot."))


class ConfirmForm(FlaskForm):
    """The confirmation of a button that changes data (end, remove, delete): CSRF and nothing else."""

    submit = SubmitField(_l("Vahvista"))
