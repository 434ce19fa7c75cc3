"""The communications plan's section of the progress report, built on a case with known figures."""

from datetime import date

from arm.comms.models import CommsAudience, CommsChannel, CommsStatus, Recurrence
from arm.comms.report import build_communications
from arm.core.parts import report_sections
from tests import factories
from tests.conftest import count_queries
from tests.reporting import facts, report_period, table


def _published(case, on, **values):
    return factories.CommsItemFactory(case=case, status=CommsStatus.PUBLISHED, planned_on=on, published_on=on, **values)


def test_the_section_counts_what_was_carried_out_in_the_period(app):
    case = factories.CaseFactory()
    _published(case, date(2026, 4, 1), title="Infotilaisuus", reach=120, languages="FI,PLAIN_FI")
    _published(
        case,
        date(2026, 6, 30),
        title="Tiedote",
        channel=CommsChannel.PRESS_RELEASE,
        audience=CommsAudience.MEDIA,
        reach=None,
        languages="FI,SV",
        is_crisis=True,
    )
    _published(
        case,
        date(2026, 5, 5),
        title="Verkostokirje",
        channel=CommsChannel.EMAIL,
        audience=CommsAudience.NETWORK_ACTORS,
        reach=30,
    )
    _published(case, date(2026, 3, 31), title="Ennen kautta", reach=999)
    _published(case, date(2026, 7, 1), title="Kauden jälkeen", reach=999)
    factories.CommsItemFactory(case=case, title="Odottaa", planned_on=date(2026, 6, 1), status=CommsStatus.READY)
    factories.CommsItemFactory(
        case=case,
        title="Viikkokirje",
        planned_on=date(2026, 1, 5),
        recurrence=Recurrence.WEEKLY,
        repeats_until=date(2026, 4, 6),
    )
    factories.CommsItemFactory(case=case, title="Peruttu", planned_on=date(2026, 6, 1), status=CommsStatus.CANCELLED)

    section = build_communications(report_period(case))

    found = facts(section)
    assert found["Toteutettuja viestejä kaudella"] == 3
    assert found["Tavoitettuja yhteensä"] == 150
    assert found["Kriisiviestintää"] == 1
    assert (found["Sisäistä viestintää"], found["Ulkoista viestintää"]) == (1, 2)
    assert found["Kaudelle suunniteltuja, toteuttamatta"] == 2
    assert table(section, "Toteutettu viestintä kanavittain")["rows"] == [
        ["Sähköposti", 1, 30, 0],
        ["Lehdistötiedote", 1, 0, 1],
        ["Infotilaisuus", 1, 120, 0],
    ]
    assert table(section, "Toteutettu viestintä kohderyhmittäin")["rows"] == [
        ["Verkostotoimijat", 1, 30, 0],
        ["Irtisanotut ja heidän perheensä", 1, 120, 0],
        ["Media", 1, 0, 1],
    ]
    assert table(section, "Toteutettu viestintä kielittäin")["rows"] == [
        ["suomi", 3],
        ["ruotsi", 1],
        ["englanti", 0],
        ["selkosuomi", 1],
    ]
    assert table(section, "Kaudella toteutetut viestit")["rows"] == [
        ["2026-04-01", "Infotilaisuus", "Irtisanotut ja heidän perheensä", "Infotilaisuus", 120, False],
        ["2026-05-05", "Verkostokirje", "Verkostotoimijat", "Sähköposti", 30, False],
        ["2026-06-30", "Tiedote", "Media", "Lehdistötiedote", None, True],
    ]
    chart = section["charts"][0]
    assert chart["x"] == ["Sähköposti", "Lehdistötiedote", "Infotilaisuus"]
    assert chart["series"][0]["values"] == [1, 1, 1]
    assert section["notes"] == []


def test_no_communications_gives_zeros(app):
    section = build_communications(report_period(factories.CaseFactory()))
    found = facts(section)
    assert found["Toteutettuja viestejä kaudella"] == 0 and found["Tavoitettuja yhteensä"] == 0
    assert table(section, "Toteutettu viestintä kanavittain")["rows"] == []
    assert section["charts"] == []
    assert section["notes"][0]["text"] == "Kaudella ei ole julkaistu viestintäsuunnitelman viestejä."


def test_a_long_list_is_cut_with_a_note(app, monkeypatch):
    monkeypatch.setattr("arm.comms.report.LIST_LIMIT", 2)  # the query's
    monkeypatch.setattr("arm.core.reporting.LIST_LIMIT", 2)  # the cut and its note
    case = factories.CaseFactory()
    for day in (1, 2, 3):
        _published(case, date(2026, 5, day))
    section = build_communications(report_period(case))
    assert len(table(section, "Kaudella toteutetut viestit")["rows"]) == 2
    assert facts(section)["Toteutettuja viestejä kaudella"] == 3
    assert section["notes"][0]["text"] == {
        "msgid": "Kaudella toteutetuista viesteistä näytetään ensimmäiset %(count)s.",
        "args": {"count": 2},
    }


def test_the_section_issues_a_fixed_number_of_statements(app):
    counts = []
    for size in (1, 20):
        case = factories.CaseFactory()
        for n in range(size):
            _published(case, date(2026, 5, 1 + n % 28), channel=list(CommsChannel)[n % 8], reach=n)
            factories.CommsItemFactory(case=case, planned_on=date(2026, 6, 1 + n % 28))
        period = report_period(case)
        with count_queries(app) as statements:
            build_communications(period)
        counts.append(len(statements))
    assert counts == [3, 3]


def test_the_registry_offers_the_communications_section(app):
    assert report_sections()["communications"].position == 100
