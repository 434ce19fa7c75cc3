"""The one three-way merge of every versioned form: nothing that either person typed is lost.

A versioned form carries, besides the row's version, the values it was loaded with (`loaded`).
When someone else saved the row in between, each field is compared three ways — as loaded (the
base), as this editor submitted it (mine) and as saved now (theirs):
- only the other person changed it: the saved value is taken;
- only this editor changed it: this editor's value is kept;
- both changed it to different values: the person chooses, seeing who saved the other value and when.
With no field changed by both, the merged values are saved at once; otherwise the merge page shows
the form filled with the merged values and a choice for each field both changed.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, HiddenField
from wtforms.validators import Optional, Regexp

from arm.core.forms import format_amount
from arm.core.i18n import format_date

VERSION_INVALID = _l("Lomakkeen versiotieto on virheellinen. Lataa sivu uudelleen ja tee muutokset uudestaan.")
CHOICE_PREFIX = "merge-"


class VersionedForm:
    """Mixin for a Form of a versioned row: `version` and `loaded` travel with the form.

    `merge_fields` names the fields that mirror the row's saved values; other fields (a progress
    note) are this editor's alone and never conflict.
    """

    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$", message=VERSION_INVALID)])
    loaded = HiddenField()
    merge_fields: tuple[str, ...] = ()

    def remember_loaded(self, version: int) -> None:
        """Note the row's version and the values the form shows now, as the base of a later merge."""
        self.version.data = str(version)
        self.loaded.data = json.dumps(raw_values(self, self.merge_fields), ensure_ascii=False)

    @property
    def loaded_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def loaded_values(self) -> MultiDict | None:
        """What the form was loaded with, or None for a form that did not carry it (an old tab)."""
        try:
            values = json.loads(self.loaded.data or "")
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
            return None
        if not isinstance(values, dict):
            return None
        pairs = [(str(k), str(v)) for k, vs in values.items() if isinstance(vs, list) for v in vs]
        return MultiDict(pairs)


def raw_values(form, names) -> dict[str, list[str]]:
    """The fields' values as the browser would submit them (what `formdata` would hold)."""
    values = {}
    for name in names:
        f = form[name]
        if hasattr(f, "iter_choices"):
            values[name] = [str(choice[0]) for choice in f.iter_choices() if choice[2]]
        elif isinstance(f, BooleanField):
            values[name] = ["y"] if f.data else []
        else:
            values[name] = [f._value()]
    return values


def _same(a, b) -> bool:
    def plain(value):
        if value in ("", None, []):
            return None
        if isinstance(value, list):
            return sorted(map(str, value))
        if isinstance(value, Decimal):
            return value.normalize()
        return value

    return plain(a) == plain(b)


@dataclass
class FieldConflict:
    name: str
    label: str
    mine: Any
    theirs: Any
    mine_text: str
    theirs_text: str


@dataclass
class MergeResult:
    taken_from_them: list[str] = field(default_factory=list)  # labels of fields only they changed
    conflicts: list[FieldConflict] = field(default_factory=list)
    saved_by: str | None = None
    saved_at: datetime | None = None


def display(form_field, value) -> str:
    """A value as the form shows it: choices by their full label, amounts grouped in thousands, dates short."""
    if value in (None, "", []):
        return "–"
    if isinstance(value, (list, tuple)):
        return ", ".join(display(form_field, v) for v in value)
    if hasattr(value, "label"):
        text = value.label
    elif hasattr(form_field, "iter_choices"):
        text = {str(choice[0]): choice[1] for choice in form_field.iter_choices()}.get(str(value), value)
    elif isinstance(value, Decimal):
        text = format_amount(value)
    elif isinstance(value, date):
        text = format_date(value, "short")
    else:
        text = value
    return str(text)


def three_way(mine_form, saved_form, version: int) -> MergeResult:
    """Merge `mine_form` (as submitted) with `saved_form` (a form filled from the row as saved now).

    Fields only the other person changed are set on `mine_form`; the form then carries the saved
    version and values as its new base.
    """
    base = mine_form.loaded_values()
    # Without a base (a form from before the merge existed) every difference is shown for a choice.
    base_form = type(mine_form)(formdata=base, meta={"csrf": False}) if base is not None else None
    result = MergeResult()
    for name in mine_form.merge_fields:
        mine, theirs = mine_form[name].data, saved_form[name].data
        if _same(mine, theirs) or (base_form is not None and _same(theirs, base_form[name].data)):
            continue
        if base_form is not None and _same(mine, base_form[name].data):
            _set(mine_form[name], theirs)
            result.taken_from_them.append(str(mine_form[name].label.text))
        else:
            result.conflicts.append(
                FieldConflict(
                    name,
                    str(mine_form[name].label.text),
                    mine,
                    theirs,
                    display(mine_form[name], mine),
                    display(mine_form[name], theirs),
                )
            )
    # The saved row is the new base: a second save compares against it, not against the merged values.
    saved_form.remember_loaded(version)
    mine_form.version.data, mine_form.loaded.data = saved_form.version.data, saved_form.loaded.data
    return result


def apply_choices(form, saved_form) -> list[str]:
    """On the merge page's submit: take the saved value for every field where the person chose "theirs"."""
    taken = []
    for name in form.merge_fields:
        if request.form.get(CHOICE_PREFIX + name) == "theirs":
            _set(form[name], saved_form[name].data)
            taken.append(name)
    return taken


def _set(form_field, value) -> None:
    form_field.data = value
    form_field.raw_data = None  # render the new value, not what was typed
