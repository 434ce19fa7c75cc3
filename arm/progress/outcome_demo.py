"""The outputs' and the cohort's share of the Kemi demo case: the seed's own figures, nothing more.

- Event participants: "Kaiken kaikkiaan oppilaitosten järjestämissä tapahtumissa oli yhteensä lähes 3500
  osallistujaa" — the Kemi-Tornion alueen äkillisen rakennemuutoksen hoito project (Ammattiopisto Lappia, REDU,
  2.8.2021–31.7.2023), dated at the project's end (seed 002).
- Companies reached: "Mukaan lähti noin 50 paikallista yritystä" — Meri-Lapin kestävä kasvu (1.2.2023–31.12.2023),
  dated at the project's end (seed 002).
- The cohort: "Keväällä 2024 työttömänä oli irtisanotuista enää alle 75 henkilöä" (seed 002); the mill's own 550
  laid off are the case's direct layoffs (seed 002). The seed gives no other status, so 74 ("alle 75") stands as
  the unemployed and the rest as unknown; the day and the 74 are ours, labelled "esimerkki" in the note.
"""

from datetime import date

from sqlalchemy import select

from arm.core.parts import DemoContext
from arm.extensions import db
from arm.plans.models import Project
from arm.progress import cohort, outputs
from arm.progress.models import CohortBasis, CohortGroup, OutputKind

SEED_002 = "Tietopaketti Kemin äkillinen rakennemuutos – matka kriisistä ratkaisuihin (Lapin liitto)"
EVENTS_PROJECT = "Kemi-Tornion alueen äkillisen rakennemuutoksen hoito"
COMPANIES_PROJECT = "Meri-Lapin kestävä kasvu"
SPRING_2024 = date(2024, 5, 31)  # "keväällä 2024": the day is ours


def _project_id(case_id: int, name: str) -> int | None:
    return db.session.scalar(select(Project.id).where(Project.case_id == case_id, Project.name == name))


def load_demo(context: DemoContext) -> None:
    case = context.case
    seed_day = date(2024, 6, 30)  # every figure below was reported by the time the ÄRM coordination ended
    outputs.record_output(
        case,
        {
            "kind": OutputKind.EVENT_PARTICIPANTS,
            "name": "",
            "dated_on": date(2023, 7, 31),
            "amount": 3500,
            "project_id": _project_id(case.id, EVENTS_PROJECT),
            "source": f"{SEED_002}: oppilaitosten järjestämissä tapahtumissa yhteensä lähes 3500 osallistujaa",
            "note": "Lähde sanoo ”lähes 3500”: luku on sen yläraja. Päivä on hankkeen päättymispäivä 31.7.2023.",
        },
        today=seed_day,
    )
    outputs.record_output(
        case,
        {
            "kind": OutputKind.COMPANIES_REACHED,
            "name": "",
            "dated_on": date(2023, 12, 31),
            "amount": 50,
            "project_id": _project_id(case.id, COMPANIES_PROJECT),
            "source": f"{SEED_002}: Meri-Lapin kestävä kasvu, mukaan lähti noin 50 paikallista yritystä",
            "note": "Lähde sanoo ”noin 50”. Päivä on jatkohankkeen päättymispäivä 31.12.2023.",
        },
        today=seed_day,
    )
    own = case.direct_layoffs
    if own:  # the statuses must add up to the cohort: without its size there is no snapshot to make
        cohort.record_snapshot(
            case,
            {
                "as_of": SPRING_2024,
                "cohort_group": CohortGroup.OWN,
                "cohort": own,
                "employed": 0,
                "in_training": 0,
                "entrepreneurs": 0,
                "retired": 0,
                "unemployed": 74,
                "moved_away": 0,
                "unknown": own - 74,
                "basis": CohortBasis.ESTIMATE,
                "source": f"{SEED_002}: keväällä 2024 työttömänä oli irtisanotuista enää alle 75 henkilöä",
                "note": (
                    "Esimerkki: lähde kertoo vain, että työttömiä oli alle 75; 74 ja päivä 31.5.2024 ovat "
                    "demon omia. Muiden tilannetta lähde ei erittele, joten ne ovat kohdassa Tilanne ei "
                    "tiedossa. Lähde ei sano, koskeeko luku myös alihankintaverkoston irtisanottuja; osa "
                    "irtisanotuista "
                    "on sen mukaan myös muuttanut ja työllistynyt muualle."
                ),
            },
            today=seed_day,
        )
