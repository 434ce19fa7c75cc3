"""The progress report's section "objectives": every objective of the plan with its target and progress, the
job target's planned, realised and verified jobs up to the period's end, the ledger's entries of the period,
the company projects (promised against created) and the development grants of the period, and a chart.

Built with `arm.core.reporting.SectionContent`, labels as Finnish message ids; a fixed number of statements
(nine) whatever the size of the ledger.
"""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from arm.core.parts import ReportPeriod, ReportSection
from arm.core.reporting import N_, SectionContent, label, series
from arm.extensions import db
from arm.plans.models import ObjectiveKind
from arm.plans.objectives import objectives_with_progress
from arm.progress import queries
from arm.progress.models import CompanyProject, JobKind

# What a section's cut list says (arm.core.reporting.LIST_LIMIT).
ENTRIES_CUT = N_("Kauden työpaikkakirjauksista näytetään ensimmäiset %(count)s.")
PROJECTS_CUT = N_("Yrityshankkeista näytetään ensimmäiset %(count)s.")
GRANTS_CUT = N_("Kauden kehittämisavustuksista näytetään ensimmäiset %(count)s.")


def _company_projects(case_id: int) -> list[CompanyProject]:
    return list(
        db.session.scalars(
            select(CompanyProject)
            .where(CompanyProject.case_id == case_id)
            .options(joinedload(CompanyProject.project))
            .order_by(CompanyProject.company, CompanyProject.name, CompanyProject.id)
        )
    )


def _percent(value: float | None) -> Decimal | None:
    """A share rounded to a tenth, exact (a float's binary fraction would print 33.299999…)."""
    return None if value is None else Decimal(str(round(value, 1)))


def build(period: ReportPeriod) -> dict:
    case_id = period.case.id
    content = SectionContent()
    targets = queries.job_targets(case_id, until=period.ends_on)
    in_period = queries.entries_between(case_id, period.starts_on, period.ends_on)
    by_target = {target.objective.id: target for target in targets}
    for target in targets:
        title = target.objective.title
        realised_in_period = sum(
            entry.jobs
            for entry in in_period
            if entry.objective_id == target.objective.id and entry.kind == JobKind.REALISED
        )
        content.fact(label(N_("%(title)s: tavoite"), title=title), target.target, "decimal")
        content.fact(label(N_("%(title)s: suunnitellut työpaikat"), title=title), target.totals.planned)
        content.fact(label(N_("%(title)s: toteutuneet työpaikat"), title=title), target.totals.realised)
        content.fact(label(N_("%(title)s: varmennetut työpaikat"), title=title), target.totals.verified)
        content.fact(label(N_("%(title)s: toteutuneita tavoitteesta"), title=title), _percent(target.share), "percent")
        content.fact(label(N_("%(title)s: toteutuneet kaudella"), title=title), realised_in_period)

    rows = []
    for progress in objectives_with_progress(case_id):
        objective = progress.objective
        if objective.kind == ObjectiveKind.JOB_TARGET and objective.id in by_target:
            share = by_target[objective.id].share
        else:
            share = progress.progress
        rows.append(
            [
                objective.title,
                objective.kind,
                objective.target_value,
                objective.target_unit,
                _percent(share),
                objective.deadline,
            ]
        )
    content.table(
        N_("Tavoitteet"),
        [
            (N_("Tavoite"), "text"),
            (N_("Laji"), "label"),
            (N_("Mitattava tavoite"), "decimal"),
            (N_("Yksikkö"), "text"),
            (N_("Edistyminen (%)"), "percent"),
            (N_("Määräaika"), "date"),
        ],
        rows,
    )

    series_by_month = queries.monthly(case_id, until=period.ends_on)
    for target in targets:
        values = series_by_month.by_objective.get(target.objective.id)
        if not values:
            continue
        lines = [
            series(N_("Suunnitellut (kertymä)"), values["planned"]),
            series(N_("Toteutuneet (kertymä)"), values["realised"]),
            series(N_("Varmennetut (kertymä)"), values["verified"]),
        ]
        if target.target is not None:
            lines.append(series(N_("Tavoite"), [int(target.target)] * len(series_by_month.months), dashed=True))
        content.chart(
            label(N_("Työpaikat: %(title)s"), title=target.objective.title),
            N_("Suunnitellut, toteutuneet ja varmennetut työpaikat kertyminä kuukauden lopussa kauden loppuun asti."),
            series_by_month.months,
            lines,
        )

    content.table(
        N_("Työpaikkakirjaukset kaudella"),
        [
            (N_("Päivä"), "date"),
            (N_("Työpaikat"), "int"),
            (N_("Laji"), "label"),
            (N_("Lähde"), "label"),
            (N_("Yritys tai hanke"), "text"),
            (N_("Varmennettu"), "bool"),
            (N_("Näyttö"), "text"),
        ],
        [
            [
                entry.dated_on,
                entry.jobs,
                entry.kind,
                entry.source,
                entry.company
                or (entry.company_project.name if entry.company_project else "")
                or (entry.project.name if entry.project else ""),
                entry.verified,
                entry.evidence,
            ]
            for entry in content.first_rows(in_period, ENTRIES_CUT)
        ],
    )

    projects = _company_projects(case_id)
    created = queries.jobs_created([project.id for project in projects], until=period.ends_on)
    content.table(
        N_("Yritysten kehittämis- ja investointihankkeet"),
        [
            (N_("Yritys"), "text"),
            (N_("Hanke"), "text"),
            (N_("Laji"), "label"),
            (N_("Luvatut työpaikat"), "int"),
            (N_("Syntyneet työpaikat"), "int"),
        ],
        [
            [project.company, project.name, project.kind, project.promised_jobs, created.get(project.id, 0)]
            for project in content.first_rows(projects, PROJECTS_CUT)
        ],
    )
    content.fact(N_("Yrityshankkeita"), len(projects))
    content.fact(N_("Yrityshankkeiden luvatut työpaikat"), sum(project.promised_jobs for project in projects))
    content.fact(N_("Yrityshankkeissa syntyneet työpaikat"), sum(created.values()))

    grants = queries.grants_between(case_id, period.starts_on, period.ends_on)
    content.table(
        N_("Kehittämisavustukset kaudella"),
        [
            (N_("Myönnetty"), "date"),
            (N_("Yritys"), "text"),
            (N_("Summa (€)"), "money"),
            (N_("Myöntäjä"), "label"),
            (N_("Yrityshanke"), "text"),
        ],
        [
            [
                grant.granted_on,
                grant.company,
                grant.amount,
                grant.funder,
                grant.company_project.name if grant.company_project else "",
            ]
            for grant in content.first_rows(grants, GRANTS_CUT)
        ],
    )
    content.fact(N_("Kehittämisavustuksia kaudella"), len(grants))
    content.fact(N_("Kehittämisavustukset kaudella yhteensä (€)"), sum((grant.amount for grant in grants), 0), "money")
    content.note(
        N_(
            "Työpaikkatavoitteen luvut lasketaan työpaikkakirjauksista kauden loppuun asti: suunnitellut ovat "
            "yritysten kehittämis- ja investointihankkeiden ilmoittamia, toteutuneet syntyneitä ja varmennetut ne "
            "toteutuneet, joiden näyttö on tarkistettu. Muiden tavoitteiden edistyminen on niitä palvelevien "
            "toimenpiteiden edistymisen keskiarvo laatimishetkellä."
        )
    )
    return content.as_json()


SECTION = ReportSection(
    key="objectives",
    label=_l("Tavoitteet ja työpaikkatavoite"),
    position=30,
    build=build,
    description=_l(
        "Suunnitelman tavoitteet ja niiden edistyminen, työpaikkatavoitteen suunnitellut, toteutuneet ja "
        "varmennetut työpaikat, kauden kirjaukset, yrityshankkeet ja kehittämisavustukset."
    ),
)
