"""The job ledger's share of the Kemi demo case: the seed's own figures (seed 002), nothing invented.

The plan's demo already made the job target "1 000 uutta työpaikkaa" (kind JOB_TARGET, arm/plans/data/demo.toml);
the ledger counts toward it. Seed 002 gives two figures of jobs:

- "Yrityksillä oli 56 kehittämis- ja investointihanketta, joiden tavoitteena oli luoda yhteensä 486 uutta
  työpaikkaa." — one aggregate planned entry of 486. The 56 projects are not recorded one by one: the seed
  names none of them and gives no per-project figures.
- The table "UUDET TYÖPAIKAT / YRITYS-HANKKEIDEN TAVOITE 486 / TOTEUTUNUT 2/2024 MENNESSÄ 226 + 86" — two
  realised entries, 226 and 86, dated 2024-02-29 (the end of "2/2024"). The seed does not say what the two
  parts of "226 + 86" each are (docs/seed-facts.md F.1 notes the same); each entry's evidence says so rather
  than guess.

The seed dates no announcement of the 486: its entry carries the same date as the table, and the evidence says
that the date is ours (esimerkki). No entry is marked verified: the seed reports the figures, the demo cannot
have checked them.
"""

from datetime import date

from sqlalchemy import select

from arm.core.parts import DemoContext
from arm.extensions import db
from arm.plans.models import Objective, ObjectiveKind
from arm.progress import jobs
from arm.progress.models import JobKind, JobSource

AS_OF = date(2024, 2, 29)  # "TOTEUTUNUT 2/2024 MENNESSÄ"
TABLE = "”UUDET TYÖPAIKAT – YRITYS-HANKKEIDEN TAVOITE 486 – TOTEUTUNUT 2/2024 MENNESSÄ 226 + 86” (Kemin infopaketti)."
UNEXPLAINED = "Lähde ei kerro, mitä luvut 226 ja 86 kumpikin tarkoittavat; ne on kirjattu erikseen sellaisinaan."

ENTRIES = (
    {
        "jobs": 486,
        "kind": JobKind.PLANNED,
        "company": "Yritysten 56 kehittämis- ja investointihanketta (yhteensä)",
        "evidence": (
            "”Yrityksillä oli 56 kehittämis- ja investointihanketta, joiden tavoitteena oli luoda yhteensä 486 uutta "
            "työpaikkaa.” (Kemin infopaketti). Lähde ei kerro, milloin hankkeet ilmoitettiin: päivä 29.2.2024 on "
            "esimerkki (taulukon 2/2024)."
        ),
    },
    {
        "jobs": 226,
        "kind": JobKind.REALISED,
        "company": "Yritysten kehittämis- ja investointihankkeet (taulukon ensimmäinen luku)",
        "evidence": f"{TABLE} Tämä kirjaus on luku 226. {UNEXPLAINED}",
    },
    {
        "jobs": 86,
        "kind": JobKind.REALISED,
        "company": "Yritysten kehittämis- ja investointihankkeet (taulukon toinen luku)",
        "evidence": f"{TABLE} Tämä kirjaus on luku 86. {UNEXPLAINED}",
    },
)


def load_demo(context: DemoContext) -> None:
    target = db.session.scalar(
        select(Objective)
        .where(Objective.case_id == context.case.id, Objective.kind == ObjectiveKind.JOB_TARGET)
        .order_by(Objective.id)
        .limit(1)
    )
    if target is None:  # the plan's demo makes it; without it the ledger has nothing to count toward
        return
    for entry in ENTRIES:
        jobs.save_job_entry(
            context.case,
            None,
            {
                "objective_id": target.id,
                "dated_on": AS_OF,
                "source": JobSource.COMPANY,
                "company_project_id": None,
                "project_id": None,
                "verified": False,
                **entry,
            },
        )
