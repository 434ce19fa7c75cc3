"""The case's own section of the progress report: what the case is, what it was set off by, where and by whom
it is worked on.

The network is counted as it stands on the day the figures are read (current organisations and members, as
the network page counts them); who joined counts by the membership's start day within the period.

Names from the reference data (municipalities, industries) are stored in Finnish as text: they are not message
ids, and the report is written for Finnish authorities. Four statements whatever the size of the case (its
municipalities come loaded with the case).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from arm.cases.enums import NetworkRole, OrganisationType
from arm.cases.models import CaseOrganisation, LayoffWave, Membership, Organisation
from arm.cases.queries import role_counts
from arm.cases.reference import industries, municipalities
from arm.core.parts import ReportPeriod, ReportSection
from arm.core.reporting import N_, SectionContent
from arm.extensions import db


def _municipality_name(code: str) -> str:
    municipality = municipalities().get(code)
    return municipality.name_fi if municipality else code


def _industry_name(code: str | None) -> str:
    industry = industries().get(code or "")
    return f"{industry.code} {industry.names['fi']}" if industry else ""


def _in_period(column, period: ReportPeriod):
    return column.between(period.starts_on, period.ends_on)


def _waves(case_id: int) -> list[LayoffWave]:
    return list(
        db.session.scalars(
            select(LayoffWave).where(LayoffWave.case_id == case_id).order_by(LayoffWave.occurs_on, LayoffWave.id)
        )
    )


def _organisations_by_type(case_id: int) -> dict[OrganisationType, int]:
    rows = db.session.execute(
        select(Organisation.type, func.count())
        .join(CaseOrganisation, CaseOrganisation.organisation_id == Organisation.id)
        .where(CaseOrganisation.case_id == case_id, CaseOrganisation.left_on.is_(None))
        .group_by(Organisation.type)
    ).all()
    return dict(rows)


def _people(case_id: int, period: ReportPeriod) -> tuple[int, int]:
    """The network's members now and those of them who joined in the period: one statement."""
    members, joined = db.session.execute(
        select(
            func.count().filter(Membership.is_current),
            func.count().filter(Membership.is_current, _in_period(Membership.started_on, period)),
        ).where(Membership.case_id == case_id)
    ).one()
    return members, joined


def build_summary(period: ReportPeriod) -> dict:
    case = period.case
    waves = _waves(case.id)
    by_type = _organisations_by_type(case.id)
    members, joined = _people(case.id, period)
    roles = role_counts(case.id)
    codes = [municipality.code for municipality in case.municipalities]
    if case.lead_municipality_code not in codes:
        codes.insert(0, case.lead_municipality_code)

    content = SectionContent()
    content.fact(N_("Raportointikausi alkaa"), period.starts_on, "date")
    content.fact(N_("Raportointikausi päättyy"), period.ends_on, "date")
    content.fact(N_("Tapauksen tyyppi"), case.kind, "label")
    content.fact(N_("Vaihe"), case.phase, "label")
    content.fact(N_("Vastuukunta"), _municipality_name(case.lead_municipality_code), "text")
    content.fact(N_("Vaikutusalueen kunnat"), len(codes))
    content.fact(N_("Työnantaja"), case.employer, "text")
    content.fact(N_("Toimiala"), _industry_name(case.industry_code), "text")
    content.fact(N_("Ilmoituspäivä"), case.announced_on, "date")
    content.fact(N_("Suorat irtisanomiset"), case.direct_layoffs)
    content.fact(N_("Välilliset työpaikkamenetykset"), case.indirect_job_losses)
    content.fact(N_("Työpaikkamenetykset yhteensä"), case.total_job_losses)
    content.fact(N_("Irtisanomisaallot"), len(waves))
    content.fact(N_("Irtisanotut aalloissa yhteensä"), sum(wave.headcount for wave in waves))
    content.fact(
        N_("Irtisanotut aalloissa raportointikaudella"),
        sum(wave.headcount for wave in waves if period.starts_on <= wave.occurs_on <= period.ends_on),
    )
    content.fact(N_("Verkoston organisaatiot"), sum(by_type.values()))
    content.fact(N_("Verkoston jäsenet"), members)
    content.fact(N_("Verkostoon liittyneet raportointikaudella"), joined)

    content.table(
        N_("Vaikutusalueen kunnat"),
        [(N_("Kunta"), "text"), (N_("Kuntanumero"), "text"), (N_("Vastuukunta"), "bool")],
        [[_municipality_name(code), code, code == case.lead_municipality_code] for code in codes],
    )
    content.table(
        N_("Irtisanomisaallot"),
        [(N_("Päivämäärä"), "date"), (N_("Henkilömäärä"), "int"), (N_("Työnantaja"), "text")],
        [[wave.occurs_on, wave.headcount, wave.employer or case.employer] for wave in waves],
    )
    content.table(
        N_("Verkoston organisaatiot tyypeittäin"),
        [(N_("Toimijatyyppi"), "label"), (N_("Organisaatioita"), "int")],
        [[kind, by_type[kind]] for kind in OrganisationType if kind in by_type],
    )
    content.table(
        N_("Verkoston roolit"),
        [(N_("Rooli"), "label"), (N_("Henkilöitä"), "int")],
        [[role, roles.get(role, 0)] for role in NetworkRole],
    )
    if case.direct_layoffs is None:
        content.note(N_("Tapaukselle ei ole kirjattu suorien irtisanomisten määrää."))
    if not waves:
        content.note(N_("Tapaukselle ei ole kirjattu irtisanomisaaltoja."))
    return content.as_json()


SECTIONS = (
    ReportSection(
        key="summary",
        label=_l("Tapauksen yhteenveto"),
        position=10,
        build=build_summary,
        description=_l(
            "Tapauksen tyyppi ja vaihe, työnantaja ja irtisanomiset, vaikutusalueen kunnat ja verkoston koko."
        ),
    ),
)
