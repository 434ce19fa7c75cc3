from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from arm.core.forms import (
    INVALID_CHOICE,
    CheckboxListField,
    DateField,
    Form,
    add_rule_errors,
    enum_select,
    optional_int,
)
from arm.core.merge import VersionedForm
from arm.risks import services
from arm.risks.models import CHOSEN_STATUSES, SCALE, RiskCategory, RiskStatus

MARKDOWN_HELP = _l("Voit käyttää Markdown-muotoilua.")
SCALE_HELP = _l("1 = hyvin pieni … 5 = hyvin suuri. Asteikko on tämän palvelun oma valinta, ei TEM:n ohje.")


def _scale_choice(value):
    """A 1–5 choice: anything else (0, 6, text) is no choice, and the select's rule gives the message."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _scale_choices() -> list[tuple]:
    return [("", _l("— valitse —")), *[(number, str(number)) for number in SCALE]]


def scale_select(label, message) -> SelectField:
    return SelectField(
        label,
        choices=_scale_choices,
        coerce=_scale_choice,
        validators=[DataRequired(message)],
        validate_choice=False,  # the service's rule says what is wrong with 0 or 6, not "not a choice"
        description=SCALE_HELP,
    )


class RiskForm(VersionedForm, Form):
    title = StringField(_l("Riski"), validators=[DataRequired(_l("Anna riskille nimi.")), Length(max=200)])
    description = TextAreaField(
        _l("Kuvaus"), validators=[Optional(), Length(max=10_000)], description=MARKDOWN_HELP, render_kw={"rows": 4}
    )
    category = enum_select(_l("Luokka"), RiskCategory)
    likelihood = scale_select(_l("Todennäköisyys"), _l("Valitse todennäköisyys asteikolta 1–5."))
    impact = scale_select(_l("Vaikutus"), _l("Valitse vaikutus asteikolta 1–5."))
    owner_id = SelectField(
        _l("Vastuuhenkilö"),
        coerce=optional_int,
        invalid_choice_message=INVALID_CHOICE,
        description=_l("Tapauksen verkoston nykyinen jäsen, joka seuraa riskiä."),
    )
    mitigation = TextAreaField(
        _l("Hallintakeinot"),
        validators=[Optional(), Length(max=10_000)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 4},
    )
    action_ids = CheckboxListField(_l("Toimenpiteet, joilla riskiä hallitaan"), coerce=int, validate_choice=False)
    status = enum_select(_l("Tila"), RiskStatus, members=CHOSEN_STATUSES, default=RiskStatus.OPEN)
    next_review_on = DateField(_l("Seuraava arviointi"), validators=[Optional()])
    submit = SubmitField(_l("Tallenna"))

    merge_fields = (*services.RISK_FIELDS, "action_ids")
    is_new = True

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # A field that already failed (no choice made) keeps its one message: add_rule_errors skips it.
        rules = services.risk_field_errors(self.data_for_service(), is_new=self.is_new, today=date.today())
        known = {choice[0] for choice in self.action_ids.choices or []}
        if any(action_id not in known for action_id in self.action_ids.data or []):
            rules.append(("action_ids", _l("Riskiin voi liittää vain tämän tapauksen toimenpiteitä.")))
        return add_rule_errors(self, rules) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in services.RISK_FIELDS}
        data["description"] = data["description"] or ""
        data["mitigation"] = data["mitigation"] or ""
        return data


class AcceptForm(Form):
    """Accepting a proposed starter risk into the register: its first assessment."""

    likelihood = scale_select(_l("Todennäköisyys"), _l("Valitse todennäköisyys asteikolta 1–5."))
    impact = scale_select(_l("Vaikutus"), _l("Valitse vaikutus asteikolta 1–5."))
    submit = SubmitField(_l("Hyväksy rekisteriin"))
