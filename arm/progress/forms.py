"""The progress area's forms: the job ledger's entry, company projects and development grants (jobs), then the
outputs and the cohort."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from arm.core.forms import (
    INVALID_CHOICE,
    AmountField,
    DateField,
    Form,
    IntegerField,
    add_rule_errors,
    enum_select,
    optional_int,
)
from arm.core.merge import VersionedForm
from arm.plans.models.enums import Funder
from arm.progress import cohort as cohort_services
from arm.progress import jobs as job_rules
from arm.progress import outputs as output_services
from arm.progress.models import (
    COHORT_STATUS_LABELS,
    COHORT_STATUSES,
    CohortBasis,
    CohortGroup,
    CompanyProjectKind,
    JobKind,
    JobSource,
    OutputKind,
)

# --- jobs -------------------------------------------------------------------------------------------

NOT_A_JOB_TARGET = _l("Valitse tämän tapauksen työpaikkatavoite.")


def _id_select(label, description=None) -> SelectField:
    return SelectField(
        label,
        coerce=optional_int,
        invalid_value_message=INVALID_CHOICE,
        invalid_choice_message=INVALID_CHOICE,
        validate_choice=False,  # the form's rule below names what is wrong with another case's id
        description=description,
    )


class JobEntryForm(VersionedForm, Form):
    objective_id = _id_select(_l("Työpaikkatavoite"))
    dated_on = DateField(_l("Päivä"), validators=[Optional()])
    jobs = IntegerField(
        _l("Työpaikat"), validators=[Optional()], description=_l("Työpaikkojen määrä kokonaislukuna, vähintään 1.")
    )
    kind = enum_select(
        _l("Laji"),
        JobKind,
        description=_l("Suunniteltu: yrityksen kehittämis- tai investointihankkeen ilmoittama. Toteutunut: syntynyt."),
    )
    source = enum_select(_l("Lähde"), JobSource)
    company = StringField(_l("Yritys tai työnantaja"), validators=[Optional(), Length(max=200)])
    company_project_id = _id_select(_l("Yrityshanke"))
    project_id = _id_select(_l("Suunnitelman hanke"))
    verified = BooleanField(_l("Varmennettu"))
    evidence = TextAreaField(
        _l("Näyttö"),
        validators=[Optional(), Length(max=5_000)],
        description=_l("Mihin luku perustuu (lähde, päätös, tiedote). Ei henkilötietoja."),
        render_kw={"rows": 3},
    )
    confirm_large = BooleanField(_l("Luku on oikein: tallenna poikkeuksellisen suuri määrä"))
    submit = SubmitField(_l("Tallenna"))

    merge_fields = job_rules.JOB_ENTRY_FIELDS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        data = self.data_for_service()
        rules = job_rules.job_entry_errors(data, today=date.today(), confirmed=bool(self.confirm_large.data))
        for name, choices, message in (
            ("objective_id", self.objective_id.choices, NOT_A_JOB_TARGET),
            ("company_project_id", self.company_project_id.choices, INVALID_CHOICE),
            ("project_id", self.project_id.choices, INVALID_CHOICE),
        ):
            known = {choice[0] for choice in choices or []}
            if data[name] is not None and data[name] not in known:
                rules.append((name, message))
        return add_rule_errors(self, rules) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in job_rules.JOB_ENTRY_FIELDS}
        data["company"] = data["company"] or ""
        data["evidence"] = data["evidence"] or ""
        return data

    @property
    def asks_confirmation(self) -> bool:
        return bool(self.confirm_large.errors or self.confirm_large.data)


class CompanyProjectForm(VersionedForm, Form):
    company = StringField(_l("Yritys"), validators=[Optional(), Length(max=200)])
    name = StringField(_l("Hankkeen nimi"), validators=[Optional(), Length(max=300)])
    kind = enum_select(_l("Laji"), CompanyProjectKind)
    promised_jobs = IntegerField(
        _l("Luvatut työpaikat"), validators=[Optional()], description=_l("Hankkeen tavoitteeksi ilmoittamat työpaikat.")
    )
    announced_on = DateField(_l("Julkistettu"), validators=[Optional()])
    project_id = _id_select(_l("Suunnitelman hanke"))
    note = TextAreaField(_l("Huomio"), validators=[Optional(), Length(max=5_000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Tallenna"))

    merge_fields = job_rules.COMPANY_PROJECT_FIELDS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        data = self.data_for_service()
        rules = job_rules.company_project_errors(data)
        known = {choice[0] for choice in self.project_id.choices or []}
        if data["project_id"] is not None and data["project_id"] not in known:
            rules.append(("project_id", INVALID_CHOICE))
        return add_rule_errors(self, rules) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in job_rules.COMPANY_PROJECT_FIELDS}
        for name in ("company", "name", "note"):
            data[name] = data[name] or ""
        return data


class DevelopmentGrantForm(VersionedForm, Form):
    company = StringField(_l("Yritys"), validators=[Optional(), Length(max=200)])
    amount = AmountField(_l("Summa (€)"), validators=[Optional()])
    granted_on = DateField(_l("Myönnetty"), validators=[Optional()])
    funder = enum_select(_l("Myöntäjä"), Funder, default=Funder.ELY)
    company_project_id = _id_select(_l("Yrityshanke"))
    note = TextAreaField(_l("Huomio"), validators=[Optional(), Length(max=5_000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Tallenna"))

    merge_fields = job_rules.GRANT_FIELDS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        data = self.data_for_service()
        rules = job_rules.grant_errors(data)
        known = {choice[0] for choice in self.company_project_id.choices or []}
        if data["company_project_id"] is not None and data["company_project_id"] not in known:
            rules.append(("company_project_id", INVALID_CHOICE))
        return add_rule_errors(self, rules) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in job_rules.GRANT_FIELDS}
        data["company"] = data["company"] or ""
        data["note"] = data["note"] or ""
        return data


# --- outputs and cohort -----------------------------------------------------------------------------

COUNT_HELP = _l("Kokonaisluku 0–1 000 000.")
BASIS_HELP = _l(
    "Henkilötason seurannassa on ÄRM-toimintamallin arvioinnin mukaan huomioitava “yksilön tietosuojaan "
    "liittyvät oikeudet ja tarvittavat luvat”, ja lupa-asiat jo ensimmäisessä asiakaskohtaamisessa. "
    "Alustalle kirjataan vain yhteenvedot, ei nimiä eikä henkilötunnuksia."
)


class OutputForm(VersionedForm, Form):
    kind = enum_select(_l("Laji"), OutputKind, default=OutputKind.EVENT_PARTICIPANTS)
    name = StringField(
        _l("Muun tuotoksen nimi"),
        validators=[Optional(), Length(max=200)],
        description=_l("Vain lajille Muu tuotos, esim. Rekrytointitapahtumat."),
    )
    dated_on = DateField(_l("Päivä"), validators=[Optional()], description=_l("Päivä, jonka tilanteen luku kertoo."))
    amount = IntegerField(_l("Määrä"), validators=[Optional()], description=COUNT_HELP)
    project_id = SelectField(
        _l("Hanke"),
        coerce=optional_int,
        invalid_choice_message=INVALID_CHOICE,
        description=_l("Suunnitelman hanke, jonka tuotos on, tai koko tapaus."),
    )
    source = StringField(
        _l("Lähde"),
        validators=[Optional(), Length(max=300)],
        description=_l("Mistä luku on, esim. hankkeen loppuraportti tai tietopaketti."),
    )
    note = TextAreaField(_l("Huomio"), validators=[Optional(), Length(max=5_000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Tallenna"))

    merge_fields = output_services.OUTPUT_FIELDS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return (
            add_rule_errors(self, output_services.output_field_errors(self.data_for_service(), today=date.today()))
            and valid
        )

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in output_services.OUTPUT_FIELDS}
        for name in ("name", "source", "note"):
            data[name] = data[name] or ""
        return data


def _count_field(label, description=COUNT_HELP) -> IntegerField:
    return IntegerField(label, validators=[Optional()], description=description, render_kw={"inputmode": "numeric"})


class CohortSnapshotForm(VersionedForm, Form):
    as_of = DateField(_l("Päivä"), validators=[Optional()], description=_l("Päivä, jonka tilanteen luvut kertovat."))
    cohort_group = enum_select(_l("Ryhmä"), CohortGroup, default=CohortGroup.OWN)
    cohort = _count_field(
        _l("Irtisanottuja yhteensä"),
        _l("Ryhmän irtisanottujen määrä. Alla olevien tilanteiden on oltava yhteensä tämä määrä."),
    )
    employed = _count_field(COHORT_STATUS_LABELS["employed"])
    in_training = _count_field(COHORT_STATUS_LABELS["in_training"])
    entrepreneurs = _count_field(COHORT_STATUS_LABELS["entrepreneurs"])
    retired = _count_field(COHORT_STATUS_LABELS["retired"])
    unemployed = _count_field(COHORT_STATUS_LABELS["unemployed"])
    moved_away = _count_field(COHORT_STATUS_LABELS["moved_away"])
    unknown = _count_field(COHORT_STATUS_LABELS["unknown"], _l("Ne, joiden tilannetta ei tiedetä. Tyhjä kenttä on 0."))
    basis = enum_select(_l("Peruste"), CohortBasis, default=CohortBasis.STATISTICS, description=BASIS_HELP)
    source = StringField(
        _l("Lähde"),
        validators=[Optional(), Length(max=300)],
        description=_l("Mistä luvut ovat, esim. TE-palvelujen työnvälitystilasto."),
    )
    note = TextAreaField(
        _l("Huomio"),
        validators=[Optional(), Length(max=5_000)],
        description=_l("Älä kirjoita nimiä tai muita tietoja, joista henkilön voi tunnistaa."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Tallenna"))

    merge_fields = cohort_services.SNAPSHOT_FIELDS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        rules = cohort_services.snapshot_field_errors(self.data_for_service(), today=date.today())
        return add_rule_errors(self, rules) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in cohort_services.SNAPSHOT_FIELDS}
        for name in COHORT_STATUSES:  # an empty status is none of the cohort
            if data[name] is None and not self._typed(name):
                data[name] = 0
        data["source"] = data["source"] or ""
        data["note"] = data["note"] or ""
        return data

    def _typed(self, name: str) -> bool:
        raw = getattr(self, name).raw_data
        return bool(raw and str(raw[0]).strip())
