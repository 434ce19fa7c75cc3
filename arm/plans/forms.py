import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from arm.core.forms import (
    INVALID_CHOICE,
    AmountField,
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
from arm.plans import objectives, services, versions
from arm.plans.models import (
    ACTION_FIELDS,
    REQUEST_FIELDS,
    ActionCategory,
    ActionStatus,
    Funder,
    FundingRequestStatus,
    Horizon,
    MeetingRhythm,
    ObjectiveKind,
    ObjectivePriority,
    ProgressRollup,
    ResourceKind,
    TargetGroup,
)

MARKDOWN_HELP = _l("Voit käyttää Markdown-muotoilua.")
PROGRESS_RANGE = _l("Anna luku 0–100.")


# The version a form was loaded with travels in a hidden field; a tampered or garbled one is a form error
# (shown in the error summary, without a link, as nobody can type in it), not a crash.
def _id_select(label, **kwargs) -> SelectField:
    """A select of ids whose choices the view fills in; the first, empty choice means none."""
    return SelectField(label, coerce=optional_int, invalid_choice_message=INVALID_CHOICE, **kwargs)


class SubgroupForm(Form):
    name = StringField(_l("Nimi"), validators=[DataRequired(_l("Anna nimi.")), Length(max=200)])
    purpose = TextAreaField(
        _l("Tarkoitus"), validators=[Optional(), Length(max=10_000)], description=MARKDOWN_HELP, render_kw={"rows": 4}
    )
    chair_id = _id_select(_l("Puheenjohtaja"))
    rhythm = enum_select(_l("Kokoontumisrytmi"), MeetingRhythm, optional=True)
    member_ids = CheckboxListField(_l("Jäsenet"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    submit = SubmitField(_l("Tallenna"))


class ActionForm(VersionedForm, Form):
    title = StringField(_l("Otsikko"), validators=[DataRequired(_l("Anna toimenpiteelle otsikko.")), Length(max=200)])
    description = TextAreaField(
        _l("Kuvaus"), validators=[Optional(), Length(max=20_000)], description=MARKDOWN_HELP, render_kw={"rows": 5}
    )
    category = enum_select(_l("TEM:n toimenpideluokka"), ActionCategory)
    horizon = enum_select(_l("Aikajänne"), Horizon)
    target_group = enum_select(_l("Kohderyhmä"), TargetGroup)
    subgroup_id = _id_select(_l("Alatyöryhmä"))
    owner_organisation_id = _id_select(_l("Vastuuorganisaatio"))
    owner_id = _id_select(_l("Vastuuhenkilö"))
    starts_on = DateField(_l("Alkaa"), validators=[Optional()])
    due_on = DateField(_l("Valmis viimeistään"), validators=[Optional()])
    status = enum_select(_l("Tila"), ActionStatus, default=ActionStatus.PLANNED)
    progress = IntegerField(
        _l("Edistyminen (%)"),
        default=0,
        validators=[InputRequired(PROGRESS_RANGE), NumberRange(0, 100, PROGRESS_RANGE)],
    )
    expected_jobs = IntegerField(
        _l("Odotetut uudet työpaikat"), validators=[Optional(), NumberRange(0, 1_000_000, range_message(0, 1_000_000))]
    )
    budget = AmountField(_l("Budjetti (€)"), description=_l("Euroina, esim. 250 000 tai 12 500,50."))
    funders = enum_checkboxes(_l("Rahoituslähteet"), Funder)
    objective_ids = CheckboxListField(
        _l("Tavoitteet, joita toimenpide palvelee"), coerce=int, invalid_choice_message=INVALID_CHOICE
    )
    submit = SubmitField(_l("Tallenna"))

    merge_fields = (*ACTION_FIELDS, "funders", "objective_ids")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, services.action_field_errors(self.data_for_service())) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in ACTION_FIELDS}
        data["description"] = data["description"] or ""
        return data


class ProgressForm(VersionedForm, Form):
    """The quick update: one small form per action on "My actions"; a prefix keeps the fields apart."""

    status = enum_select(_l("Tila"), ActionStatus)
    progress = IntegerField(
        _l("Edistyminen (%)"), validators=[InputRequired(PROGRESS_RANGE), NumberRange(0, 100, PROGRESS_RANGE)]
    )
    note = TextAreaField(_l("Huomio"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Päivitä"))

    merge_fields = ("status", "progress")  # the note is the updater's own

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, services.progress_errors(self.status.data, self.progress.data)) and valid


class RollupForm(Form):
    progress_rollup = enum_select(_l("Edistymisen laskutapa"), ProgressRollup)
    submit = SubmitField(_l("Vaihda laskutapa"))


class ImportForm(Form):
    file = FileField(
        _l("Excel-tiedosto (.xlsx)"),
        validators=[FileRequired(_l("Valitse tiedosto."))],
        description=_l("Sarakkeet kuten vientitiedostossa. Mitään ei tuoda, ennen kuin jokainen rivi on kunnossa."),
    )
    submit = SubmitField(_l("Tarkista ja esikatsele"))


class ConfirmImportForm(Form):
    """The confirmation of an import's preview; `expected` names the preview that the person saw."""

    expected = HiddenField()
    skip_duplicates = BooleanField(_l("Jätä todennäköiset kaksoiskappaleet tuomatta"), default=True)
    submit = SubmitField(_l("Vahvista tuonti"))


class ProjectForm(Form):
    name = StringField(_l("Nimi"), validators=[DataRequired(_l("Anna hankkeelle nimi.")), Length(max=300)])
    description = TextAreaField(_l("Kuvaus"), validators=[Optional(), Length(max=20_000)], render_kw={"rows": 4})
    results = TextAreaField(_l("Tulokset"), validators=[Optional(), Length(max=20_000)], render_kw={"rows": 4})
    starts_on = DateField(_l("Alkaa"), validators=[Optional()])
    ends_on = DateField(_l("Päättyy"), validators=[Optional()])
    implementer_ids = CheckboxListField(_l("Toteuttajat"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    action_ids = CheckboxListField(
        _l("Toimenpiteet, joita hanke toteuttaa"), coerce=int, invalid_choice_message=INVALID_CHOICE
    )
    submit = SubmitField(_l("Tallenna"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, services.period_errors(self.starts_on.data, self.ends_on.data)) and valid


class GrantForm(Form):
    funder = enum_select(_l("Rahoittaja"), Funder)
    amount_granted = AmountField(_l("Myönnetty (€)"), description=_l("Jätä tyhjäksi, jos summa ei ole vielä tiedossa."))
    amount_used = AmountField(_l("Käytetty (€)"))
    decision_number = StringField(
        _l("Päätöksen numero"),
        filters=[lambda text: text.strip() if text else text],
        validators=[Optional(), Length(max=100, message=_l("Enintään 100 merkkiä."))],
        description=_l("Rahoittajan päätöksen numero tai diaarinumero, jos se on tiedossa."),
    )
    decided_on = DateField(_l("Päätöspäivä"), validators=[Optional()], description=_l("Ei voi olla tulevaisuudessa."))
    submit = SubmitField(_l("Tallenna rahoitus"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        rules = services.grant_errors(self.amount_granted.data, self.amount_used.data, self.decided_on.data)
        return add_rule_errors(self, rules) and valid


# Control characters other than tabs and line breaks: nobody sees them, and PostgreSQL refuses NUL.
TEXT_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def no_control_characters(form, field) -> None:
    if field.data and TEXT_CONTROL_CHARACTERS.search(field.data):
        raise FieldError(_l("Poista tekstistä ohjausmerkit."))


def _strip(text):
    return text.strip() if text else text


class FundingRequestForm(VersionedForm, Form):
    """A request of the plan's proposal for state funding."""

    title = StringField(
        _l("Mihin rahoitusta haetaan"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Kerro, mihin rahoitusta haetaan.")),
            Length(max=200, message=_l("Enintään 200 merkkiä.")),
        ],
    )
    description = TextAreaField(
        _l("Kuvaus"),
        validators=[Optional(), Length(max=20_000, message=_l("Enintään 20 000 merkkiä.")), no_control_characters],
        description=MARKDOWN_HELP,
        render_kw={"rows": 5},
    )
    action_ids = CheckboxListField(
        _l("Toimenpiteet, joita rahoitus palvelee"), coerce=int, invalid_choice_message=INVALID_CHOICE
    )
    funder = enum_select(_l("Ministeriö tai rahoittaja"), Funder, optional=True)
    programme = StringField(
        _l("Ohjelma tai momentti"),
        filters=[_strip],
        validators=[Optional(), Length(max=200, message=_l("Enintään 200 merkkiä."))],
        description=_l("Vapaaehtoinen, esim. rahoitusohjelman tai talousarvion momentin nimi."),
    )
    amount_asked = AmountField(_l("Haettu (€)"), description=_l("Euroina, esim. 250 000 tai 12 500,50."))
    status = enum_select(_l("Tila"), FundingRequestStatus, default=FundingRequestStatus.DRAFTED)
    amount_granted = AmountField(
        _l("Myönnetty (€)"),
        description=_l("Jätä tyhjäksi, kunnes päätös on tehty. Haettua suurempi summa hyväksytään mutta merkitään."),
    )
    decided_on = DateField(_l("Päätöspäivä"), validators=[Optional()], description=_l("Ei voi olla tulevaisuudessa."))
    grant_ids = CheckboxListField(
        _l("Rahoitukset, joilla pyyntö toteutui"),
        coerce=int,
        invalid_choice_message=INVALID_CHOICE,
        description=_l("Hankkeiden rahoitukset, jotka tämä pyyntö toi."),
    )
    notes = TextAreaField(
        _l("Huomiot"),
        validators=[Optional(), Length(max=20_000, message=_l("Enintään 20 000 merkkiä.")), no_control_characters],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Tallenna"))

    merge_fields = (*REQUEST_FIELDS, "action_ids", "grant_ids")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, services.funding_request_errors(self.data_for_service())) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in REQUEST_FIELDS}
        for name in ("description", "programme", "notes"):
            data[name] = data[name] or ""
        return data


class ResourceForm(Form):
    organisation_id = _id_select(_l("Organisaatio"))
    kind = enum_select(_l("Laji"), ResourceKind)
    description = StringField(_l("Kuvaus"), validators=[DataRequired(_l("Kuvaa resurssi.")), Length(max=500)])
    capacity = AmountField(_l("Määrä"), description=_l("Jätä tyhjäksi, jos määrää ei voi rajata."))
    unit = StringField(_l("Yksikkö"), validators=[Optional(), Length(max=30)], description=_l("Esim. €, h, m², kpl."))
    contact_id = _id_select(_l("Yhteyshenkilö"))
    starts_on = DateField(_l("Alkaa"), validators=[Optional()])
    ends_on = DateField(_l("Päättyy"), validators=[Optional()])
    submit = SubmitField(_l("Tallenna"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, services.period_errors(self.starts_on.data, self.ends_on.data)) and valid


class ResourceUseForm(Form):
    resource_id = _id_select(_l("Resurssi"), validators=[DataRequired(_l("Valitse resurssi."))])
    amount = AmountField(_l("Määrä"))
    submit = SubmitField(_l("Lisää"))


class NoteForm(Form):
    """Correcting a progress note (its author, or a coordinator)."""

    note = TextAreaField(_l("Huomio"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Tallenna korjaus"))


class ObjectiveForm(VersionedForm, Form):
    """A plan objective; `announced_on` (the case's) bounds its deadline."""

    title = StringField(
        _l("Tavoite"),
        validators=[DataRequired(_l("Anna tavoitteelle nimi.")), Length(max=300)],
        description=_l("Lyhyt tavoitelause, esim. 1 000 uutta työpaikkaa."),
    )
    description = TextAreaField(
        _l("Kuvaus"), validators=[Optional(), Length(max=20_000)], description=MARKDOWN_HELP, render_kw={"rows": 4}
    )
    kind = enum_select(
        _l("Laji"),
        ObjectiveKind,
        default=ObjectiveKind.GENERAL,
        description=_l("Työpaikkatavoitteen toteumaa seurataan myöhemmin työpaikkakirjanpidosta."),
    )
    priority = enum_select(_l("Painotus"), ObjectivePriority, default=ObjectivePriority.MAIN)
    target_value = AmountField(
        _l("Mitattava tavoite"), description=_l("Luku, esim. 1 000. Jätä tyhjäksi, jos tavoitetta ei mitata.")
    )
    target_unit = StringField(
        _l("Yksikkö"),
        filters=[lambda text: text.strip() if text else text],
        validators=[Optional(), Length(max=100, message=_l("Enintään 100 merkkiä."))],
        description=_l("Esim. uutta työpaikkaa."),
    )
    deadline = DateField(_l("Määräaika"), validators=[Optional()])
    action_ids = CheckboxListField(
        _l("Toimenpiteet, jotka palvelevat tavoitetta"), coerce=int, invalid_choice_message=INVALID_CHOICE
    )
    submit = SubmitField(_l("Tallenna"))

    merge_fields = (*objectives.OBJECTIVE_FIELDS, "action_ids")
    announced_on = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        rules = objectives.objective_field_errors(self.data_for_service(), self.announced_on)
        return add_rule_errors(self, rules) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in objectives.OBJECTIVE_FIELDS}
        data["description"] = data["description"] or ""
        data["target_unit"] = data["target_unit"] or ""
        return data


class ApproveForm(Form):
    """Approving the plan as it is now: a coordinator names the day it was approved."""

    approved_on = DateField(
        _l("Hyväksymispäivä"), validators=[Optional()], description=_l("Ei voi olla tulevaisuudessa.")
    )
    note = TextAreaField(
        _l("Huomio"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Esim. kuka hyväksyi: kunnat ja työryhmä."),
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Hyväksy suunnitelma"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return add_rule_errors(self, versions.approval_errors(self.approved_on.data)) and valid
