from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from arm.core.forms import INVALID_CHOICE, DateField, Form, IntegerField, add_rule_errors, enum_select, optional_int
from arm.core.merge import VersionedForm
from arm.progress import cohort as cohort_services
from arm.progress import outputs as output_services
from arm.progress.models import COHORT_STATUS_LABELS, COHORT_STATUSES, CohortBasis, CohortGroup, OutputKind

# issue 13: outputs and cohort (branch i13-outcomes) — the forms of arm/progress/outputs.py and cohort.py

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
