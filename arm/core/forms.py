"""Form fields shared by the areas."""

import enum

from flask import render_template
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, widgets
from wtforms.fields.choices import enum_choices, enum_coerce

INVALID_CHOICE = _l("Valitse jokin annetuista vaihtoehdoista.")


def enum_select(label, enum_class: type[enum.Enum], members=None, **kwargs) -> SelectField:
    """A select over an enum (or some of its members), labelled by each member's `label`."""
    allowed = list(members or enum_class)
    return SelectField(
        label,
        choices=lambda: [
            c for c in enum_choices(enum_class, by="name", label=lambda m: m.label) if enum_class[c.value] in allowed
        ],
        coerce=enum_coerce(enum_class, by="name"),
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


def render_form(template: str, form, **context):
    """A form page: 422 when a submitted form was refused, so that bad input never answers 200."""
    return render_template(template, form=form, **context), 422 if form.errors else 200
