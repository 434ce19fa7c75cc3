from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from arm.core.forms import Form, enum_select
from arm.core.merge import VersionedForm
from arm.situation.imports import parse_value
from arm.situation.models import ThresholdDirection


class ThresholdField(StringField):
    """A threshold as people type it: "3,5", "3.5" or "1 200"; empty for none."""

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            return
        value, problem = parse_value(text)
        if problem:
            raise ValueError(problem)
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format(Decimal(self.data).normalize(), "f").replace(".", ",")


class ThresholdMixin:
    threshold = ThresholdField(
        _l("Hälytysraja"),
        validators=[Optional()],
        description=_l("Tyhjä: ei hälytystä. Esimerkiksi 12,5 tai 1 200."),
    )
    threshold_direction = enum_select(_l("Hälytys nousee, kun arvo on"), ThresholdDirection)
    threshold_area = SelectField(
        _l("Alue, jota raja koskee"),
        choices=[],
        validate_choice=False,  # the service says "choose one of the case's areas"
        description=_l("Tyhjä: mikä tahansa tapauksen alueista."),
    )


class IndicatorForm(ThresholdMixin, VersionedForm, Form):
    """A case's own indicator: its name, unit, source and optional threshold."""

    name = StringField(_l("Nimi"), validators=[DataRequired(_l("Anna indikaattorille nimi.")), Length(max=200)])
    unit = StringField(
        _l("Yksikkö"),
        validators=[DataRequired(_l("Anna yksikkö, esimerkiksi henkilöä tai %.")), Length(max=60)],
        description=_l("Esimerkiksi henkilöä, % tai kpl. Yksikkö % näyttää muutokset prosenttiyksikköinä."),
    )
    source = StringField(_l("Lähde"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Tallenna"))

    merge_fields = ("name", "unit", "source", "threshold", "threshold_direction", "threshold_area")

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in self.merge_fields} | {
            "threshold_area": self.threshold_area.data or ""
        }


class ThresholdForm(ThresholdMixin, VersionedForm, Form):
    """The threshold of a catalogue indicator, kept on the case's row for it."""

    submit = SubmitField(_l("Tallenna"))
    merge_fields = ("threshold", "threshold_direction", "threshold_area")

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in self.merge_fields} | {
            "threshold_area": self.threshold_area.data or ""
        }


class UploadForm(Form):
    file = FileField(_l("Tiedosto"), validators=[FileRequired(_l("Valitse tiedosto."))])
    kind = SelectField(
        _l("Muoto"),
        choices=[
            SelectChoice("csv", _l("CSV-tiedosto")),
            SelectChoice("pxweb", _l("Tilastokeskuksen PxWeb (JSON-stat 2)")),
        ],
        default="csv",
    )
    submit = SubmitField(_l("Tarkista tiedosto"))


class ConfirmImportForm(Form):
    token = HiddenField()
    submit = SubmitField(_l("Tallenna luvut"))


class FetchForm(Form):
    submit = SubmitField(_l("Hae uusimmat kuukaudet Tilastokeskukselta"))
