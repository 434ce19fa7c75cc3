"""The communications plan's section of the progress report: what was carried out in the period.

An item counts as carried out when it is published and its publication day falls in the period (both days
included). Three statements whatever the size of the plan: the figures by channel and audience, the list
(cut at LIST_LIMIT rows with a note), and the items of the period still not carried out.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select

from arm.comms.models import (
    INTERNAL_AUDIENCES,
    OPEN_STATUSES,
    CommsAudience,
    CommsChannel,
    CommsItem,
    CommsLanguage,
    CommsStatus,
)
from arm.comms.queries import within
from arm.core.parts import ReportPeriod, ReportSection
from arm.core.reporting import LIST_LIMIT, N_, SectionContent, series
from arm.extensions import db

FIGURE_COLUMNS = ((N_("Viestejä"), "int"), (N_("Tavoitettuja"), "int"), (N_("Kriisiviestintää"), "int"))


def _carried_out(case_id: int, period: ReportPeriod):
    return (
        CommsItem.case_id == case_id,
        CommsItem.status == CommsStatus.PUBLISHED,
        CommsItem.published_on.between(period.starts_on, period.ends_on),
    )


def _has_language(language: CommsLanguage):
    # Languages are stored as comma-separated names ("FI,PLAIN_FI"): match a whole name.
    return (literal(",") + CommsItem.languages + literal(",")).like(f"%,{language.name},%")


def _figures(case_id: int, period: ReportPeriod) -> list[tuple]:
    """Per channel and audience: items, people reached, crisis items and items in each language: one statement."""
    return db.session.execute(
        select(
            CommsItem.channel,
            CommsItem.audience,
            func.count(),
            func.sum(CommsItem.reach),
            func.count().filter(CommsItem.is_crisis),
            *(func.count().filter(_has_language(language)) for language in CommsLanguage),
        )
        .where(*_carried_out(case_id, period))
        .group_by(CommsItem.channel, CommsItem.audience)
    ).all()


def _items(case_id: int, period: ReportPeriod) -> list[CommsItem]:
    return list(
        db.session.scalars(
            select(CommsItem)
            .where(*_carried_out(case_id, period))
            .order_by(CommsItem.published_on, CommsItem.title, CommsItem.id)
            .limit(LIST_LIMIT + 1)
        )
    )


def _not_carried_out(case_id: int, period: ReportPeriod) -> int:
    """Planned or ready items with a date in the period, not published (a recurring one over its span)."""
    return db.session.scalar(
        select(func.count()).where(
            CommsItem.case_id == case_id,
            CommsItem.status.in_(OPEN_STATUSES),
            within(period.starts_on, period.ends_on),
        )
    )


def build_communications(period: ReportPeriod) -> dict:
    case_id = period.case.id
    rows = _figures(case_id, period)
    items = _items(case_id, period)
    waiting = _not_carried_out(case_id, period)
    channels: dict[CommsChannel, list[int]] = {}
    audiences: dict[CommsAudience, list[int]] = {}
    languages = dict.fromkeys(CommsLanguage, 0)
    for channel, audience, count, reach, crisis, *by_language in rows:
        for key, totals in ((channel, channels), (audience, audiences)):
            found = totals.setdefault(key, [0, 0, 0])
            found[0] += count
            found[1] += reach or 0
            found[2] += crisis
        for language, number in zip(CommsLanguage, by_language, strict=True):
            languages[language] += number
    count = sum(row[0] for row in channels.values())

    content = SectionContent()
    content.fact(N_("Toteutettuja viestejä kaudella"), count)
    content.fact(N_("Tavoitettuja yhteensä"), sum(row[1] for row in channels.values()))
    content.fact(N_("Kriisiviestintää"), sum(row[2] for row in channels.values()))
    content.fact(
        N_("Sisäistä viestintää"), sum(row[0] for audience, row in audiences.items() if audience in INTERNAL_AUDIENCES)
    )
    content.fact(
        N_("Ulkoista viestintää"),
        sum(row[0] for audience, row in audiences.items() if audience not in INTERNAL_AUDIENCES),
    )
    content.fact(N_("Kaudelle suunniteltuja, toteuttamatta"), waiting)
    content.table(
        N_("Toteutettu viestintä kanavittain"),
        [
            (N_("Kanava"), "label"),
            (N_("Viestejä"), "int"),
            (N_("Tavoitettuja"), "int"),
            (N_("Kriisiviestintää"), "int"),
        ],
        [[channel, *channels[channel]] for channel in CommsChannel if channel in channels],
    )
    content.table(
        N_("Toteutettu viestintä kohderyhmittäin"),
        [(N_("Kohderyhmä"), "label"), *FIGURE_COLUMNS],
        [[audience, *audiences[audience]] for audience in CommsAudience if audience in audiences],
    )
    content.table(
        N_("Toteutettu viestintä kielittäin"),
        [(N_("Kieli"), "label"), (N_("Viestejä"), "int")],
        [[language, languages[language]] for language in CommsLanguage],
    )
    shown_items = content.first_rows(items, N_("Kaudella toteutetuista viesteistä näytetään ensimmäiset %(count)s."))
    content.table(
        N_("Kaudella toteutetut viestit"),
        [
            (N_("Julkaistu"), "date"),
            (N_("Otsikko"), "text"),
            (N_("Kohderyhmä"), "label"),
            (N_("Kanava"), "label"),
            (N_("Tavoitettuja"), "int"),
            (N_("Kriisiviestintää"), "bool"),
        ],
        [
            [item.published_on, item.title, item.audience, item.channel, item.reach, item.is_crisis]
            for item in shown_items
        ],
    )
    if channels:
        shown = [channel for channel in CommsChannel if channel in channels]
        content.chart(
            N_("Toteutettu viestintä kanavittain"),
            N_("Kaudella julkaistujen viestien määrä kanavittain."),
            shown,
            [series(N_("Viestejä"), [channels[channel][0] for channel in shown])],
            kind="bar",
            x_type="label",
        )
    else:
        content.note(N_("Kaudella ei ole julkaistu viestintäsuunnitelman viestejä."))
    return content.as_json()


SECTIONS = (
    ReportSection(
        key="communications",
        label=_l("Toteutettu viestintä"),
        position=100,
        build=build_communications,
        description=_l("Kaudella julkaistut viestit kanavittain, kohderyhmittäin ja kielittäin, ja tavoitetut."),
    ),
)
