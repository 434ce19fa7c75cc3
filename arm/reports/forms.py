"""The reports' forms: a report's title, period and sections (chosen and ordered without JavaScript: a checkbox
and a position number per section), a section's narrative, and the submit confirmation."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.fields import Field
from wtforms.validators import DataRequired, Length, Optional

from arm.core.forms import DateField, Form
from arm.core.merge import VersionedForm
from arm.core.parts import report_sections
from arm.reports.services import MAX_NARRATIVE, MAX_TITLE

MARKDOWN_HELP = _l("Voit käyttää Markdown-muotoilua.")
MAX_POSITION = 999


class SectionChoiceField(Field):
    """The chosen sections in order. Each offered section has a checkbox `sections-<key>-include` and a position
    number `sections-<key>-position`; the data is the chosen keys ordered by position (ties refused). A checkbox
    of a key that is no section is refused too (a tampered or outdated form)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.positions: dict[str, str] = {}
        self.parse_errors: list = []

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.parse_errors = []
        self.raw_data = None
        if formdata is None or not any(name.startswith(f"{self.name}-") for name in formdata):
            keys = list(data or []) if data is not None and not callable(data) else []
            self.data = keys
            self.positions = {key: str(index + 1) for index, key in enumerate(keys)}
            return
        offered = report_sections()
        prefix = f"{self.name}-"
        chosen, unknown, positions = [], [], {}
        for name in formdata:
            if not name.startswith(prefix):
                continue
            key, _, part = name[len(prefix) :].rpartition("-")
            if part == "position":
                positions[key] = (formdata.get(name) or "").strip()
            elif part == "include" and key:
                (chosen if key in offered else unknown).append(key)
        self.positions = positions
        if unknown:
            self.parse_errors.append(_l("Tuntematon raportin osio: %(keys)s.", keys=", ".join(sorted(set(unknown)))))
        order = []
        for key in dict.fromkeys(chosen):
            text = positions.get(key, "")
            if not text.isdigit() or not 1 <= int(text) <= MAX_POSITION:
                self.parse_errors.append(
                    _l("Anna osion %(section)s järjestysnumero 1–999.", section=offered[key].label)
                )
                continue
            order.append((int(text), key))
        numbers = [number for number, _key in order]
        if len(numbers) != len(set(numbers)):
            self.parse_errors.append(_l("Kahdella osiolla on sama järjestysnumero: anna jokaiselle oma numeronsa."))
        self.data = [key for _number, key in sorted(order)]

    def pre_validate(self, form):
        self.errors = list(self.parse_errors)
        if not self.parse_errors and not self.data:
            self.errors.append(_l("Valitse raporttiin ainakin yksi osio."))

    def _value(self):
        return ""

    def rows(self) -> list[dict]:
        """Every offered section with its checkbox state and position, chosen ones first in their order."""
        offered = report_sections()
        chosen = [key for key in self.data if key in offered]
        rest = [key for key in offered if key not in chosen]
        rows = []
        for index, key in enumerate(chosen + rest):
            section = offered[key]
            position = self.positions.get(key) or str(index + 1)
            rows.append(
                {
                    "key": key,
                    "label": section.label,
                    "description": section.description,
                    "chosen": key in chosen,
                    "position": position,
                    "include_id": f"{self.name}-{key}-include",
                    "position_id": f"{self.name}-{key}-position",
                }
            )
        return rows


class ReportForm(VersionedForm, Form):
    title = StringField(_l("Otsikko"), validators=[DataRequired(_l("Anna raportille otsikko.")), Length(max=MAX_TITLE)])
    period_start = DateField(
        _l("Raportointikausi alkaa"), validators=[DataRequired(_l("Anna raportointikauden alkupäivä."))]
    )
    period_end = DateField(
        _l("Raportointikausi päättyy"), validators=[DataRequired(_l("Anna raportointikauden loppupäivä."))]
    )
    sections = SectionChoiceField(_l("Osiot ja niiden järjestys"))
    as_template = BooleanField(_l("Tallenna valinta tapauksen raporttipohjaksi"))
    submit = SubmitField(_l("Tallenna"))

    merge_fields = ("title", "period_start", "period_end")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.period_start.data, self.period_end.data
        if start and end and end < start:
            self.period_end.errors = [
                *self.period_end.errors,
                _l("Raportointikausi ei voi päättyä ennen kuin se alkaa."),
            ]
            valid = False
        return valid

    def data_for_service(self) -> dict:
        return {
            "title": self.title.data or "",
            "period_start": self.period_start.data,
            "period_end": self.period_end.data,
            "sections": list(self.sections.data or []),
        }


class NarrativeForm(VersionedForm, Form):
    text = TextAreaField(
        _l("Teksti"),
        validators=[Optional(), Length(max=MAX_NARRATIVE)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 10},
    )
    submit = SubmitField(_l("Tallenna teksti"))

    merge_fields = ("text",)
