import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from arm.core.forms import (
    INVALID_CHOICE,
    DateField,
    Form,
    add_rule_errors,
    enum_checkboxes,
    enum_select,
    optional_int,
)
from arm.core.merge import VersionedForm
from arm.support import services
from arm.support.models import AgeGroup, Audience, MilestoneKind, ServiceKind, ServiceLanguage

# A text of several lines keeps its line breaks and tabs, but no other control character.
_TEXT_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def multiline_text(form, field) -> None:
    if field.data and _TEXT_CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_l("Poista tekstistä näkymättömät ohjausmerkit."))


def _id_select(label, **kwargs) -> SelectField:
    """A select of ids whose choices the view fills in; the first, empty choice means none."""
    return SelectField(label, coerce=optional_int, invalid_choice_message=INVALID_CHOICE, **kwargs)


class ServiceForm(VersionedForm, Form):
    name = StringField(_l("Nimi"), validators=[DataRequired(_l("Anna palvelulle nimi.")), Length(max=200)])
    kind = enum_select(_l("Palvelun laji"), ServiceKind)
    provider_id = _id_select(_l("Järjestäjä"), description=_l("Tapauksen verkoston organisaatio."))
    description = TextAreaField(
        _l("Kuvaus"),
        validators=[Optional(), Length(max=2000), multiline_text],
        description=_l("Mitä palvelu tarjoaa ja kenelle."),
        render_kw={"rows": 3},
    )
    reach = TextAreaField(
        _l("Missä ja miten"),
        validators=[Optional(), Length(max=2000), multiline_text],
        description=_l("Osoite, aukioloajat, puhelin tai verkkosivu."),
        render_kw={"rows": 3},
    )
    language_list = enum_checkboxes(_l("Kielet"), ServiceLanguage)
    age_group = enum_select(_l("Ikäryhmä"), AgeGroup, default=AgeGroup.ALL)
    audience_list = enum_checkboxes(_l("Kenelle"), Audience)
    starts_on = DateField(_l("Alkaa"), validators=[InputRequired(_l("Anna päivä, jona palvelu alkaa."))])
    ends_on = DateField(_l("Päättyy"), validators=[Optional()], description=_l("Jätä tyhjäksi, jos palvelu jatkuu."))
    is_illustrative = BooleanField(
        _l("Ajanjakso on suuntaa-antava"), description=_l("Merkitse, jos lähteet eivät kerro palvelun ajanjaksoa.")
    )
    submit = SubmitField(_l("Tallenna"))

    merge_fields = services.SERVICE_FIELDS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, services.service_field_errors(self.data_for_service())) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in services.SERVICE_FIELDS}
        data["description"] = data["description"] or ""
        data["reach"] = data["reach"] or ""
        data["language_list"] = data["language_list"] or []
        data["audience_list"] = data["audience_list"] or []
        return data


class MilestoneForm(Form):
    wave_id = _id_select(_l("Irtisanomisaalto"), validators=[DataRequired(_l("Valitse irtisanomisaalto."))])
    kind = enum_select(_l("Vaihe"), MilestoneKind)
    occurs_on = DateField(_l("Päivämäärä"), validators=[InputRequired(_l("Anna päivämäärä."))])
    is_done = BooleanField(_l("Tehty"))
    note = StringField(_l("Lisätieto"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Tallenna"))
