"""The reports area's share of the Kemi demo case: one draft report with the default sections and a short,
illustrative narrative for the case summary, and one submitted report whose snapshot is built when the demo
is loaded (the reports area is registered after every area that offers a section, so all of them are there).

The texts are the demo's own illustration (marked "esimerkki"), not statements of the Kemi network."""

from datetime import date

from flask import current_app
from flask_babel import force_locale

from arm.core.parts import DemoContext
from arm.reports import services
from arm.reports.models import ReportNarrative

COORDINATOR = "koordinaattori@example.fi"
SUMMARY_KEY = "summary"
SUMMARY_TEXT = (
    "*Esimerkkiteksti (demo):* verkosto on koonnut tähän raporttiin kauden luvut tapauksen osioista. "
    "Koordinaattori kirjoittaa jokaisen osion lukujen viereen lyhyen selityksen siitä, mitä luvut kertovat "
    "ja mitä seuraavaksi tehdään."
)


def _narrate(report, key: str, text: str) -> None:
    if key in report.sections:
        report.narratives.append(ReportNarrative(case_id=report.case_id, section_key=key, text=text))


def load_demo(context: DemoContext) -> None:
    coordinator = context.users.get(COORDINATOR)
    user_id = coordinator.id if coordinator is not None else None
    keys = services.default_keys()
    if not keys:
        return
    today = date.today()
    with force_locale("fi"):
        submitted = services.create_report(
            context.case,
            {
                "title": "Seurantaraportti 1 (esimerkki)",
                "period_start": date(2021, 5, 1),
                "period_end": date(2024, 2, 29),
                "sections": keys,
            },
            user_id,
        )
        _narrate(submitted, SUMMARY_KEY, SUMMARY_TEXT)
        if coordinator is not None:
            try:
                services.submit_report(submitted, context.case, coordinator, today)
            except services.SectionBuildError as error:  # the demo still loads; the log names the section
                current_app.logger.error("demo report left a draft: section %s failed to build", error.key)
        draft = services.create_report(
            context.case,
            {
                "title": "Seurantaraportti 2 (luonnos, esimerkki)",
                "period_start": date(2024, 3, 1),
                "period_end": max(today, date(2024, 3, 1)),
                "sections": keys,
            },
            user_id,
        )
        _narrate(draft, SUMMARY_KEY, SUMMARY_TEXT)
        services.save_template(context.case.id, keys)
