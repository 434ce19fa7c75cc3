from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from arm.comms import services
from arm.comms.models import LARGEST_REACH, CommsAudience, CommsChannel, CommsLanguage, CommsStatus, Recurrence
from arm.core.forms import (
    CheckboxListField,
    DateField,
    Form,
    IntegerField,
    add_rule_errors,
    enum_checkboxes,
    enum_select,
    optional_int,
    range_message,
)
from arm.core.merge import VersionedForm

MARKDOWN_HELP = _l("Voit käyttää Markdown-muotoilua.")


def _id_select(label, message, **kwargs) -> SelectField:
    """A select of ids whose choices the view fills in; the first, empty choice means none."""
    return SelectField(label, coerce=optional_int, invalid_choice_message=message, **kwargs)


class CommsItemForm(VersionedForm, Form):
    title = StringField(
        _l("Otsikko"),
        validators=[DataRequired(_l("Anna viestille otsikko.")), Length(max=200)],
        description=_l("Lyhyt nimi viestille, esim. Ensimmäinen infotilaisuus Pointissa."),
    )
    audience = enum_select(
        _l("Kohderyhmä"),
        CommsAudience,
        description=_l(
            "Sisäinen viestintä: verkostotoimijat, muut yhteistyökumppanit ja päätöksentekijät. Ulkoinen: "
            "irtisanotut perheineen, muut työnhakijat, alueen työnantajat, laaja yleisö ja media."
        ),
    )
    channel = enum_select(_l("Kanava"), CommsChannel)
    message = TextAreaField(
        _l("Viesti"),
        validators=[DataRequired(services.EMPTY_MESSAGE), Length(max=20_000)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 6},
    )
    owner_id = _id_select(
        _l("Vastuuhenkilö"),
        _l("Valitse vastuuhenkilöksi tapauksen nykyinen jäsen."),
        description=_l("Tapauksen nykyinen jäsen."),
    )
    planned_on = DateField(
        _l("Suunniteltu päivä"),
        validators=[InputRequired(_l("Anna päivä, jolle viesti on suunniteltu."))],
        description=_l("Toistuvalla viestillä ensimmäinen päivä."),
    )
    recurrence = enum_select(_l("Toistuu"), Recurrence, default=Recurrence.NONE)
    repeats_until = DateField(
        _l("Toistuu asti"), validators=[Optional()], description=_l("Jätä tyhjäksi, jos toisto jatkuu.")
    )
    language_list = enum_checkboxes(
        _l("Kielet"), CommsLanguage, description=_l("Ainakin yksi. Selkosuomi on helpommin ymmärrettävää suomea.")
    )
    status = enum_select(_l("Tila"), CommsStatus, default=CommsStatus.PLANNED)
    is_crisis = BooleanField(_l("Kriisiviestintää"))
    wave_id = _id_select(
        _l("Irtisanomisaalto"),
        _l("Valitse tämän tapauksen irtisanomisaalto."),
        description=_l("Aalto, jolle viesti kertoo: ensimmäisen tiedon on tavoitettava aalto ennen sen alkua."),
    )
    service_id = _id_select(
        _l("Palvelu"), _l("Valitse tämän tapauksen palvelu."), description=_l("Palvelu, josta viesti kertoo.")
    )
    action_ids = CheckboxListField(
        _l("Toimenpiteet, joista viesti kertoo"),
        coerce=int,
        invalid_value_message=_l("Valitse vain tämän tapauksen toimenpiteitä."),
        invalid_choice_message=_l("Valitse vain tämän tapauksen toimenpiteitä."),
    )
    published_on = DateField(_l("Julkaistu"), validators=[Optional()], description=_l("Kun viesti on julkaistu."))
    reach = IntegerField(
        _l("Tavoitettuja"),
        validators=[Optional(), NumberRange(0, LARGEST_REACH, message=range_message(0, LARGEST_REACH))],
        description=_l("Montako ihmistä viesti tavoitti (arvio), kun se on julkaistu."),
    )
    feedback = TextAreaField(
        _l("Palaute"),
        validators=[Optional(), Length(max=10_000)],
        description=_l("Mitä viestistä kuultiin: palaute auttaa päivittämään suunnitelmaa."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Tallenna"))

    merge_fields = (*services.ITEM_FIELDS, "action_ids")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, services.item_field_errors(self.data_for_service())) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in services.ITEM_FIELDS}
        data["message"] = data["message"] or ""
        data["feedback"] = data["feedback"] or ""
        data["language_list"] = data["language_list"] or []
        return data
