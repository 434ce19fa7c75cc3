"""Progress toward the job target: the job ledger, company projects, development grants, outputs and cohort snapshots.

Seed 002 measures the short-term effectiveness of an ÄRM "irtisanotuiden tilanteen, tehtyjen hankkeiden
määrän sekä hanketulosten ja yritysten kehittämisavustusten määrien avulla"; these are the rows behind it.

- A job target is a plan objective of kind JOB_TARGET (`arm.plans.models.Objective`); its progress is
  computed from the ledger (`JobEntry`), never typed in.
- A company's development or investment project (`CompanyProject`) promises jobs; the jobs it has created so
  far are the realised ledger entries that name it.
- A development grant (`DevelopmentGrant`, kehittämisavustus) is money granted to a company, with a date.
- An output (`OutputEntry`) is a count the funders ask for beside jobs (event participants, companies reached …).
- A cohort snapshot (`CohortSnapshot`) is how many of the laid-off are where at a date: aggregates only, the
  platform stores nothing about a laid-off person.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.history import Money
from arm.core.models import ENUM_LABELS, Amount, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db
from arm.plans.models.enums import Funder

if TYPE_CHECKING:
    from arm.cases.models import Case
    from arm.plans.models import Objective, Project

# The most jobs or outputs one line takes: far above any case (a realised entry above 10 000 is to ask for a
# confirmation in its form, issue 13).
LARGEST_COUNT = 1_000_000


class JobKind(LabelledEnum):
    """PLANNED: announced by a company's development or investment project; REALISED: jobs that exist."""

    PLANNED = "planned"
    REALISED = "realised"


class JobSource(LabelledEnum):
    COMPANY = "company"
    PROJECT = "project"
    INVESTMENT = "investment"
    PUBLIC_EMPLOYER = "public_employer"


class CompanyProjectKind(LabelledEnum):
    DEVELOPMENT = "development"
    INVESTMENT = "investment"


class OutputKind(LabelledEnum):
    """The counts the funders ask for beside jobs (issue 13); OTHER carries its own name."""

    EVENT_PARTICIPANTS = "event_participants"
    COMPANIES_REACHED = "companies_reached"
    STUDIES = "studies"
    PEOPLE_GUIDED = "people_guided"
    OTHER = "other"


class CohortGroup(LabelledEnum):
    """Whose situation a snapshot counts: the employer's own laid-off staff, or the subcontractor network's."""

    OWN = "own"
    SUBCONTRACTORS = "subcontractors"


class CohortBasis(LabelledEnum):
    """What a snapshot's figures rest on. Seed 000: person-level follow-up needs "tarvittavat luvat"."""

    STATISTICS = "statistics"
    CONSENTED_FOLLOW_UP = "consented_follow_up"
    ESTIMATE = "estimate"


ENUM_LABELS.update(
    {
        JobKind.PLANNED: _l("Suunniteltu"),
        JobKind.REALISED: _l("Toteutunut"),
        JobSource.COMPANY: _l("Yritys"),
        JobSource.PROJECT: _l("Hanke"),
        JobSource.INVESTMENT: _l("Investointi"),
        JobSource.PUBLIC_EMPLOYER: _l("Julkinen työnantaja"),
        CompanyProjectKind.DEVELOPMENT: _l("Kehittämishanke"),
        CompanyProjectKind.INVESTMENT: _l("Investointihanke"),
        OutputKind.EVENT_PARTICIPANTS: _l("Tapahtumien osallistujat"),
        OutputKind.COMPANIES_REACHED: _l("Tavoitetut yritykset"),
        OutputKind.STUDIES: _l("Tehdyt selvitykset"),
        OutputKind.PEOPLE_GUIDED: _l("Yhden luukun palvelupisteessä ohjatut"),
        OutputKind.OTHER: _l("Muu tuotos"),
        CohortGroup.OWN: _l("Työnantajan omat irtisanotut"),
        CohortGroup.SUBCONTRACTORS: _l("Alihankintaverkoston irtisanotut"),
        CohortBasis.STATISTICS: _l("Työvoimaviranomaisen tilastot"),
        CohortBasis.CONSENTED_FOLLOW_UP: _l("Seuranta henkilöiden luvalla"),
        CohortBasis.ESTIMATE: _l("Arvio"),
    }
)

# The statuses a cohort snapshot counts, in the order the pages, the charts and the report show them.
COHORT_STATUSES = (
    "employed",
    "in_training",
    "entrepreneurs",
    "retired",
    "unemployed",
    "moved_away",
    "unknown",
)
COHORT_STATUS_LABELS = {
    "employed": _l("Työllistyneet"),
    "in_training": _l("Koulutuksessa"),
    "entrepreneurs": _l("Yrittäjiksi ryhtyneet"),
    "retired": _l("Eläkkeellä"),
    "unemployed": _l("Työttömät"),
    "moved_away": _l("Muuttaneet pois"),
    "unknown": _l("Tilanne ei tiedossa"),
}


class CompanyProject(Audited, db.Model):
    """A company's development or investment project and the jobs it promised."""

    __tablename__ = "company_project"
    __table_args__ = (CheckConstraint("promised_jobs >= 0", name="promised_not_negative"),)
    audit_name = _l("Yrityshanke")
    audit_fields = {
        "company": _l("Yritys"),
        "name": _l("Nimi"),
        "kind": _l("Laji"),
        "promised_jobs": _l("Luvatut työpaikat"),
        "announced_on": _l("Julkistettu"),
        "project_id": _l("Hanke"),
        "note": _l("Huomio"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    company: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[CompanyProjectKind] = mapped_column(enum_column(CompanyProjectKind))
    promised_jobs: Mapped[int] = mapped_column(default=0)
    announced_on: Mapped[date | None]
    # The plan's project (hanke) it belongs to, if any.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    project: Mapped["Project | None"] = relationship("Project")

    @property
    def audit_label(self) -> str:
        return f"{self.company}: {self.name}"


class JobEntry(Audited, db.Model):
    """One line of a job target's ledger: a number of jobs planned or realised at a date."""

    __tablename__ = "job_entry"
    __table_args__ = (
        CheckConstraint(f"jobs > 0 AND jobs <= {LARGEST_COUNT}", name="jobs_in_range"),
        Index("ix_job_entry_objective_dated", "objective_id", "dated_on"),
        # The ledger newest first (filtered or not) read in index order, and its sums (totals, the national
        # view, the public page) read from the index alone: at S = 1 (5 000 entries in a case) the filtered
        # page's list 6.0 → 0.2 ms, its count 1.7 → 0.1 ms, the case's sums 2.3 → 1.2 ms (SQLite).
        Index("ix_job_entry_case_dated", "case_id", "dated_on", "id"),
        Index("ix_job_entry_case_sums", "case_id", "kind", "verified", "dated_on", "jobs"),
    )
    audit_name = _l("Työpaikkakirjaus")
    audit_fields = {
        "dated_on": _l("Päivä"),
        "jobs": _l("Työpaikat"),
        "kind": _l("Laji"),
        "source": _l("Lähde"),
        "company": _l("Yritys"),
        "company_project_id": _l("Yrityshanke"),
        "project_id": _l("Hanke"),
        "verified": _l("Varmennettu"),
        "evidence": _l("Näyttö"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    # The job target (an objective of kind JOB_TARGET of the same case) the entry counts toward.
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"))
    dated_on: Mapped[date]
    jobs: Mapped[int]
    kind: Mapped[JobKind] = mapped_column(enum_column(JobKind))
    source: Mapped[JobSource] = mapped_column(enum_column(JobSource))
    company: Mapped[str] = mapped_column(String(200), default="")
    company_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("company_project.id", ondelete="SET NULL"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    verified: Mapped[bool] = mapped_column(default=False)
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    objective: Mapped["Objective"] = relationship("Objective")
    company_project: Mapped["CompanyProject | None"] = relationship("CompanyProject")
    project: Mapped["Project | None"] = relationship("Project")

    @property
    def audit_label(self) -> str:
        return f"{self.dated_on.isoformat()} {self.jobs}"


class DevelopmentGrant(Audited, db.Model):
    """A development grant (kehittämisavustus) to a company: its amount and date."""

    __tablename__ = "development_grant"
    __table_args__ = (CheckConstraint("amount >= 0", name="grant_amount_not_negative"),)
    audit_name = _l("Kehittämisavustus")
    audit_fields = {
        "company": _l("Yritys"),
        "amount": _l("Summa (€)"),
        "granted_on": _l("Myönnetty"),
        "funder": _l("Myöntäjä"),
        "company_project_id": _l("Yrityshanke"),
        "note": _l("Huomio"),
    }
    audit_reads = {"amount": Money()}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    company: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Amount)
    granted_on: Mapped[date]
    funder: Mapped[Funder] = mapped_column(enum_column(Funder), default=Funder.ELY)
    company_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("company_project.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    company_project: Mapped["CompanyProject | None"] = relationship("CompanyProject")

    @property
    def audit_label(self) -> str:
        return self.company


class OutputEntry(Audited, db.Model):
    """A dated count of one output, for a project of the plan or (project None) for the case as a whole."""

    __tablename__ = "output_entry"
    __table_args__ = (CheckConstraint(f"amount >= 0 AND amount <= {LARGEST_COUNT}", name="output_in_range"),)
    audit_name = _l("Tuotos")
    audit_fields = {
        "kind": _l("Laji"),
        "name": _l("Nimi"),
        "dated_on": _l("Päivä"),
        "amount": _l("Määrä"),
        "project_id": _l("Hanke"),
        "source": _l("Lähde"),
        "note": _l("Huomio"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OutputKind] = mapped_column(enum_column(OutputKind))
    name: Mapped[str] = mapped_column(String(200), default="")  # the output's own name when kind is OTHER
    dated_on: Mapped[date]
    amount: Mapped[int]
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    project: Mapped["Project | None"] = relationship("Project")

    @property
    def audit_label(self) -> str:
        return self.name or self.kind.label


class CohortSnapshot(Audited, db.Model):
    """How many of one group of the laid-off were where at a date. The statuses add up to `cohort`."""

    __tablename__ = "cohort_snapshot"
    __table_args__ = (
        CheckConstraint(
            "employed + in_training + entrepreneurs + retired + unemployed + moved_away + unknown = cohort",
            name="cohort_adds_up",
        ),
        CheckConstraint(
            "cohort >= 0 AND employed >= 0 AND in_training >= 0 AND entrepreneurs >= 0 AND retired >= 0"
            " AND unemployed >= 0 AND moved_away >= 0 AND unknown >= 0",
            name="cohort_not_negative",
        ),
        Index("ix_cohort_snapshot_case_as_of", "case_id", "as_of"),
        # A group's state on a day is one fact: two coordinators recording it at once get one row and a message.
        UniqueConstraint("case_id", "cohort_group", "as_of"),
    )
    audit_name = _l("Irtisanottujen tilanne")
    audit_fields = {
        "as_of": _l("Päivä"),
        "cohort_group": _l("Ryhmä"),
        "cohort": _l("Irtisanottuja yhteensä"),
        **COHORT_STATUS_LABELS,
        "basis": _l("Peruste"),
        "source": _l("Lähde"),
        "note": _l("Huomio"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"))
    as_of: Mapped[date]
    cohort_group: Mapped[CohortGroup] = mapped_column(enum_column(CohortGroup))
    cohort: Mapped[int]
    employed: Mapped[int] = mapped_column(default=0)
    in_training: Mapped[int] = mapped_column(default=0)
    entrepreneurs: Mapped[int] = mapped_column(default=0)
    retired: Mapped[int] = mapped_column(default=0)
    unemployed: Mapped[int] = mapped_column(default=0)
    moved_away: Mapped[int] = mapped_column(default=0)
    unknown: Mapped[int] = mapped_column(default=0)
    basis: Mapped[CohortBasis] = mapped_column(enum_column(CohortBasis))
    source: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def audit_label(self) -> str:
        return f"{self.as_of.isoformat()} {self.cohort_group.label}"

    def counts(self) -> dict[str, int]:
        return {status: getattr(self, status) for status in COHORT_STATUSES}
