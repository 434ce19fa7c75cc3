"""The risk register's rules and saves: risks, their assessments, their actions and the template's starter risks.

Services flush and audit; the views commit (see core.saving). Every change of likelihood or impact adds a
`RiskAssessment`, so that the register can tell each risk's trend and the risk page its history.
"""

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from arm.cases.models import Case, Membership
from arm.core.comments import delete_comments_of
from arm.core.errors import EditConflict, ValidationError
from arm.core.links import sync_links
from arm.core.queries import all_belong_to_case, belongs_to_case
from arm.extensions import db
from arm.plans.models import Action
from arm.risks.models import CHOSEN_STATUSES, SCALE, Risk, RiskAction, RiskAssessment, RiskStatus
from arm.risks.starters import starter_risks

COMMENT_ENTITY = "risk"

# The fields of a risk that its form sets.
RISK_FIELDS = (
    "title",
    "description",
    "category",
    "likelihood",
    "impact",
    "owner_id",
    "mitigation",
    "status",
    "next_review_on",
)


def scale_errors(data: dict) -> list[tuple[str, str]]:
    errors = []
    if data.get("likelihood") not in SCALE:
        errors.append(("likelihood", _("Valitse todennäköisyys asteikolta 1–5.")))
    if data.get("impact") not in SCALE:
        errors.append(("impact", _("Valitse vaikutus asteikolta 1–5.")))
    return errors


def risk_field_errors(data: dict, *, is_new: bool, today: date) -> list[tuple[str, str]]:
    """The rules on a risk's own values, shared by the form and the service."""
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Anna riskille nimi.")))
    errors += scale_errors(data)
    if data.get("status") not in CHOSEN_STATUSES:
        errors.append(("status", _("Valitse riskin tila.")))
    review = data.get("next_review_on")
    if is_new and review is not None and review < today:
        errors.append(
            (
                "next_review_on",
                _("Uuden riskin seuraava arviointi ei voi olla menneisyydessä: valitse tämä päivä tai myöhempi."),
            )
        )
    return errors


def _check_links(case: Case, data: dict, action_ids: list[int]) -> list[tuple[str, str]]:
    errors = []
    if not belongs_to_case(Membership, data.get("owner_id") or None, case.id, Membership.is_current):
        errors.append(("owner_id", _("Vastuuhenkilön on oltava tapauksen verkoston nykyinen jäsen.")))
    if not all_belong_to_case(Action, action_ids, case.id):
        errors.append(("action_ids", _("Riskiin voi liittää vain tämän tapauksen toimenpiteitä.")))
    return errors


def _assess(risk: Risk, assessor_id: int | None, at: datetime | None = None) -> None:
    assessment = RiskAssessment(
        case_id=risk.case_id, likelihood=risk.likelihood, impact=risk.impact, assessed_by_id=assessor_id
    )
    if at is not None:
        assessment.assessed_at = at
    risk.assessments.append(assessment)


def _apply(risk: Risk, data: dict, action_ids: list[int]) -> None:
    for key in RISK_FIELDS:
        setattr(risk, key, data.get(key))
    risk.title = risk.title.strip()
    risk.description = (risk.description or "").strip()
    risk.mitigation = (risk.mitigation or "").strip()
    sync_links(risk.action_links, "action_id", action_ids, lambda i: RiskAction(case_id=risk.case_id, action_id=i))


def create_risk(
    case: Case, data: dict, action_ids: list[int], assessor_id: int | None, *, today: date | None = None
) -> Risk:
    errors = risk_field_errors(data, is_new=True, today=today or date.today()) + _check_links(case, data, action_ids)
    if errors:
        raise ValidationError(errors)
    risk = Risk(case_id=case.id, assessments=[])
    _apply(risk, data, action_ids)
    _assess(risk, assessor_id)
    db.session.add(risk)
    db.session.flush()
    return risk


def update_risk(risk: Risk, expected_version: int, data: dict, action_ids: list[int], assessor_id: int | None) -> Risk:
    """Save an edit made on `expected_version`; EditConflict when someone saved in between. A changed
    likelihood or impact is a new assessment."""
    if expected_version != risk.version:
        raise EditConflict(risk)
    errors = risk_field_errors(data, is_new=False, today=date.today()) + _check_links(risk.case, data, action_ids)
    if errors:
        raise ValidationError(errors)
    reassessed = (data["likelihood"], data["impact"]) != (risk.likelihood, risk.impact)
    _apply(risk, data, action_ids)
    if reassessed:
        db.session.add(
            RiskAssessment(
                case_id=risk.case_id,
                risk_id=risk.id,
                likelihood=risk.likelihood,
                impact=risk.impact,
                assessed_by_id=assessor_id,
            )
        )
    db.session.flush()
    return risk


def accept_risk(risk: Risk, likelihood: int | None, impact: int | None, assessor_id: int | None) -> Risk:
    """A proposed starter risk becomes open, with its first assessment."""
    if not risk.is_proposed:
        raise ValidationError.single(None, _("Riski on jo hyväksytty rekisteriin."))
    errors = scale_errors({"likelihood": likelihood, "impact": impact})
    if errors:
        raise ValidationError(errors)
    risk.likelihood, risk.impact, risk.status = likelihood, impact, RiskStatus.OPEN
    db.session.add(
        RiskAssessment(
            case_id=risk.case_id, risk_id=risk.id, likelihood=likelihood, impact=impact, assessed_by_id=assessor_id
        )
    )
    db.session.flush()
    return risk


def discard_risk(risk: Risk) -> None:
    """A proposed starter risk the case does not need is removed, with any comments on it."""
    if not risk.is_proposed:
        raise ValidationError.single(
            None, _("Vain ehdotetun riskin voi hylätä; sulje rekisterin riski tilalla Suljettu.")
        )
    delete_comments_of(COMMENT_ENTITY, risk.id)
    db.session.delete(risk)
    db.session.flush()


def add_starter_risks(case: Case, language: str, chosen: frozenset[str]) -> None:
    """The template's starter risks, proposed, in the language the opener chose for what the template names."""
    if "starter_risks" not in chosen:
        return
    with force_locale(language):
        starters = starter_risks()
    for starter in starters:
        db.session.add(
            Risk(
                case_id=case.id,
                title=starter.title,
                description=starter.description,
                mitigation=starter.mitigation,
                category=starter.category,
                status=RiskStatus.PROPOSED,
                template_key=starter.key,
            )
        )
    db.session.flush()
