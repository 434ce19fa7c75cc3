from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from arm.cases.enums import CaseKind, CasePhase, NetworkRole, OrganisationType
from arm.cases.network import start_errors
from arm.cases.reference import industry_choices, municipality_choices
from arm.cases.services import case_fact_errors, organisation_field_errors
from arm.core import parts
from arm.core.forms import (
    INVALID_CHOICE,
    NOT_CHOSEN,
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
from arm.core.i18n import LANGUAGE_NAMES, TEMPLATE_LANGUAGES, default_template_language
from arm.core.models import today
from arm.core.permissions import Access

MAX_COUNT = 1_000_000
NON_NEGATIVE = range_message(0, MAX_COUNT)


def _optional_choices(choices):
    return lambda: [("", NOT_CHOSEN), *choices()]


class CaseForm(Form):
    title = StringField(
        _l("Otsikko"),
        validators=[DataRequired(_l("Anna tapaukselle otsikko.")), Length(max=200)],
        description=_l("Esim. Kemin äkillinen rakennemuutos 2021"),
    )
    kind = enum_select(_l("Tapauksen tyyppi"), CaseKind)
    phase = enum_select(_l("Vaihe"), CasePhase)
    lead_municipality_code = SelectField(
        _l("Vastuukunta"),
        choices=_optional_choices(municipality_choices),
        validators=[DataRequired(_l("Valitse vastuukunta."))],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    municipality_codes = SelectMultipleField(
        _l("Vaikutusalueen kunnat"),
        choices=municipality_choices,
        invalid_choice_message=_l("Tuntematon kuntakoodi: %(value)s"),
        description=_l("Valitse useampi kunta Ctrl- tai Cmd-näppäin pohjassa. Vastuukunta lisätään aina."),
        render_kw={"size": 8},
    )
    employer = StringField(_l("Muutoksen aiheuttanut työnantaja"), validators=[Optional(), Length(max=200)])
    industry_code = SelectField(
        _l("Toimiala (TOL 2008)"),
        choices=_optional_choices(industry_choices),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    announced_on = DateField(_l("Ilmoituspäivä"), validators=[Optional()])
    direct_layoffs = IntegerField(
        _l("Suorat irtisanomiset (henkilöä)"), validators=[Optional(), NumberRange(0, MAX_COUNT, NON_NEGATIVE)]
    )
    indirect_job_losses = IntegerField(
        _l("Arvioidut välilliset työpaikkamenetykset"),
        validators=[Optional(), NumberRange(0, MAX_COUNT, NON_NEGATIVE)],
        description=_l("Esim. alihankintaverkostossa menetetyt työpaikat."),
    )
    summary = TextAreaField(
        _l("Tiivistelmä"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("Voit käyttää Markdown-muotoilua: **lihavointi**, *kursiivi*, luettelot ja linkit."),
        render_kw={"rows": 6},
    )
    submit = SubmitField(_l("Tallenna"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, case_fact_errors(self.facts())) and valid

    def facts(self) -> dict:
        fields = (
            "title",
            "kind",
            "phase",
            "lead_municipality_code",
            "municipality_codes",
            "employer",
            "industry_code",
            "announced_on",
            "direct_layoffs",
            "indirect_job_losses",
            "summary",
        )
        facts = {name: getattr(self, name).data for name in fields}
        facts["industry_code"] = facts["industry_code"] or None
        facts["employer"] = facts["employer"] or ""
        facts["summary"] = facts["summary"] or ""
        return facts


class EditCaseForm(CaseForm):
    """The facts of an open case, and whether it has a public page (off until a coordinator turns it on)."""

    is_public = BooleanField(
        _l("Julkinen seurantasivu"),
        description=_l(
            "Julkinen sivu näyttää vain tapauksen otsikon ja kunnat, työpaikkatavoitteen etenemisen, "
            "toimenpiteiden määrät tyypeittäin ja tiloittain sekä viimeisimmän lähetetyn seurantaraportin "
            "tiivistelmän. Sen voi avata kuka tahansa ilman kirjautumista; henkilöiden nimiä, organisaatioita "
            "tai sisäisiä muistiinpanoja se ei näytä."
        ),
    )

    def facts(self) -> dict:
        return {**super().facts(), "is_public": bool(self.is_public.data)}


class OpenCaseForm(CaseForm):
    organisation_id = SelectField(
        _l("Oma organisaationi"),
        coerce=optional_int,
        invalid_choice_message=INVALID_CHOICE,
        description=_l("Edustat tapauksessa tätä organisaatiota. Puuttuuko se rekisteristä? Lisää se alla."),
    )
    # The organisation may be new to the registry: it is added with the case, so nothing typed is lost.
    new_organisation_name = StringField(_l("Uuden organisaation nimi"), validators=[Optional(), Length(max=200)])
    new_organisation_type = enum_select(_l("Uuden organisaation tyyppi"), OrganisationType, optional=True)
    new_organisation_business_id = StringField(
        _l("Uuden organisaation Y-tunnus"), validators=[Optional(), Length(max=20)], description=_l("Muoto 1234567-8.")
    )
    template_language = SelectField(
        _l("Alatyöryhmien kieli"),
        # Each language named in itself, so marked as such for screen readers.
        choices=[SelectChoice(code, LANGUAGE_NAMES[code], render_kw={"lang": code}) for code in TEMPLATE_LANGUAGES],
        default=default_template_language,
        validators=[DataRequired(_l("Valitse suomi tai ruotsi."))],
        invalid_choice_message=_l("Valitse suomi tai ruotsi."),
        description=_l(
            "Mallipohjan alatyöryhmät ja niiden kuvaukset luodaan tällä kielellä. Voit muuttaa niitä myöhemmin."
        ),
    )
    # Whatever the parts offer (the Kemi model's groups, the comms skeleton, starter risks), all checked by default.
    template_items = CheckboxListField(
        _l("Mitä mallipohja luo"),
        choices=lambda: [(item.key, item.label) for item in parts.template_items()],
        default=lambda: [item.key for item in parts.template_items()],
        invalid_choice_message=_l("Tuntematon mallipohjan osa."),
        description=_l(
            "Kemin tapauksen kolme alatyöryhmää ja kriisityöryhmä ovat yhden tapauksen malli, eivät TEM:n "
            "sääntö; viestintäsuunnitelman runko ja aloitusriskit ovat tämän palvelun ehdotuksia. Jätä pois se, "
            "mitä et tarvitse; kaikkea voi lisätä myöhemmin."
        ),
    )
    confirm_duplicate = BooleanField(_l("Tämä on eri tapaus: avaa se silti"))
    submit = SubmitField(_l("Avaa tapaus"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.organisation_id.data is None and not (self.new_organisation_name.data or "").strip():
            self.organisation_id.errors.append(_l("Valitse organisaatio, jota edustat, tai lisää uusi alla."))
            valid = False
        if (self.new_organisation_name.data or "").strip() and self.new_organisation_type.data is None:
            self.new_organisation_type.errors.append(_l("Valitse uuden organisaation tyyppi."))
            valid = False
        if self.organisation_id.data is None:
            errors = organisation_field_errors(self.new_organisation_business_id.data, None)
            valid = add_rule_errors(self, [(f"new_organisation_{name}", m) for name, m in errors]) and valid
        return valid

    def new_organisation(self) -> dict | None:
        name = (self.new_organisation_name.data or "").strip()
        if self.organisation_id.data is not None or not name:
            return None
        return {
            "name": name,
            "type": self.new_organisation_type.data,
            "business_id": self.new_organisation_business_id.data,
        }


class LayoffWaveForm(Form):
    occurs_on = DateField(_l("Päivämäärä"), validators=[DataRequired(_l("Anna päivämäärä."))])
    # A wave is people who lose their work: at least one. 0 is a number (InputRequired), just not a wave.
    headcount = IntegerField(
        _l("Henkilömäärä"),
        validators=[InputRequired(_l("Anna henkilömäärä.")), NumberRange(1, MAX_COUNT, range_message(1, MAX_COUNT))],
    )
    employer = StringField(_l("Työnantaja"), validators=[Optional(), Length(max=200)])
    note = StringField(_l("Lisätieto"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Tallenna"))


class OrganisationForm(Form):
    name = StringField(_l("Nimi"), validators=[DataRequired(_l("Anna nimi.")), Length(max=200)])
    type = enum_select(_l("Tyyppi"), OrganisationType)
    business_id = StringField(
        _l("Y-tunnus"), validators=[Optional(), Length(max=20)], description=_l("Muoto 1234567-8.")
    )
    municipality_code = SelectField(
        _l("Kotikunta"),
        choices=_optional_choices(municipality_choices),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    website = StringField(
        _l("Verkkosivu"),
        validators=[Optional(), Length(max=300), URL(message=_l("Anna osoite muodossa https://…"))],
    )
    submit = SubmitField(_l("Tallenna"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        errors = organisation_field_errors(self.business_id.data, self.municipality_code.data)
        return add_rule_errors(self, errors) and valid

    def facts(self) -> dict:
        return {
            name: getattr(self, name).data for name in ("name", "type", "business_id", "municipality_code", "website")
        }


def _start_date(label):
    return DateField(
        label,
        validators=[DataRequired(_l("Anna päivämäärä."))],
        default=today,
        description=_l("Oletuksena tänään. Kirjaa aiempi päivä, jos verkosto toimi jo ennen tapauksen avaamista."),
    )


class _StartForm(Form):
    """A form with a start in the network (`start_field`): never in the future, said on the first submit."""

    start_field = "started_on"

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, start_errors(self.start_field, self[self.start_field].data)) and valid


class AddOrganisationForm(_StartForm):
    organisation_id = SelectField(
        _l("Organisaatio"),
        coerce=optional_int,
        validators=[DataRequired(_l("Valitse organisaatio."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    joined_on = _start_date(_l("Verkostossa alkaen"))
    submit = SubmitField(_l("Lisää verkostoon"))

    start_field = "joined_on"


class InviteForm(_StartForm):
    email = EmailField(
        _l("Sähköpostiosoite"),
        validators=[
            DataRequired(_l("Anna sähköpostiosoite.")),
            Email(_l("Tarkista sähköpostiosoite.")),
            Length(max=254),
        ],
    )
    name = StringField(_l("Nimi"), validators=[DataRequired(_l("Anna nimi.")), Length(max=200)])
    organisation_id = SelectField(
        _l("Organisaatio"),
        coerce=optional_int,
        validators=[DataRequired(_l("Valitse organisaatio, jota henkilö edustaa."))],
        invalid_choice_message=INVALID_CHOICE,
        description=_l("Ensin tapauksen verkoston organisaatiot, sitten muut rekisterin organisaatiot."),
    )
    started_on = _start_date(_l("Verkostossa alkaen"))
    access = enum_select(
        _l("Käyttöoikeus"),
        Access,
        description=_l("Käyttöoikeus ratkaisee, mitä henkilö voi tehdä tapauksessa."),
        default=Access.MEMBER,
    )
    roles = enum_checkboxes(
        _l("Roolit verkostossa"), NetworkRole, description=_l("Roolit kuvaavat verkostoa; ne eivät anna oikeuksia.")
    )
    submit = SubmitField(_l("Lähetä kutsu"))


class AccessForm(Form):
    access = enum_select(_l("Käyttöoikeus"), Access)
    submit = SubmitField(_l("Vaihda käyttöoikeus"))


class RoleForm(_StartForm):
    role = enum_select(_l("Rooli"), NetworkRole)
    started_on = DateField(_l("Alkaen"), validators=[Optional()], default=today)
    submit = SubmitField(_l("Lisää rooli"))


class ChecklistForm(Form):
    organisation_type = enum_select(_l("Toimijatyyppi"), OrganisationType)
    submit = SubmitField(_l("Lisää tarkistuslistalle"))


class RescueForm(Form):
    email = EmailField(
        _l("Uuden koordinaattorin sähköposti"),
        validators=[
            DataRequired(_l("Anna sähköpostiosoite.")),
            Email(_l("Tarkista sähköpostiosoite.")),
            Length(max=254),
        ],
        description=_l("Henkilöllä on oltava käytössä oleva tili, jolla hän on jo kirjautunut."),
    )
    organisation_id = SelectField(
        _l("Organisaatio, jota hän edustaa"),
        coerce=optional_int,
        validators=[DataRequired(_l("Valitse organisaatio."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    submit = SubmitField(_l("Nimeä koordinaattoriksi"))


class RedactForm(Form):
    """Which recorded value of a history entry to remove: "field:0" for its old value, "field:1" for its new."""

    target = StringField(validators=[DataRequired(_l("Valitse poistettava arvo.")), Regexp(r"^[a-z_]+:[01]$")])
    submit = SubmitField(_l("Poista arvo"))

    @property
    def field_and_index(self) -> tuple[str, int]:
        field, which = self.target.data.split(":")
        return field, int(which)


class MemberDetailsForm(Form):
    """What a coordinator keeps right about a person of the network: title, phone, organisation."""

    job_title = StringField(_l("Tehtävänimike"), validators=[Optional(), Length(max=200)])
    phone = StringField(
        _l("Puhelin"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[+0-9 ()-]*$", message=_l("Anna puhelinnumero numeroina, esim. +358 40 123 4567.")),
        ],
    )
    organisation_id = SelectField(
        _l("Organisaatio, jota hän edustaa"),
        coerce=optional_int,
        validators=[DataRequired(_l("Valitse organisaatio."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    submit = SubmitField(_l("Tallenna"))


class InvitationAnswerForm(Form):
    """Accept or decline one's own invitation: which one, and CSRF."""

    invitation_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    accept = SubmitField(_l("Hyväksy kutsu"))
    decline = SubmitField(_l("Kieltäydy"))
