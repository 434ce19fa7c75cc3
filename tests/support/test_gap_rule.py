"""The wave timeline's gap rule on a known case: which kinds of service each wave starts without."""

from datetime import date

from arm.cases.models import LayoffWave
from arm.support.models import ServiceKind, SupportService
from arm.support.services import gap_message, runs_within, wave_coverage


def _wave(day, headcount=200, wave_id=1):
    return LayoffWave(id=wave_id, case_id=1, occurs_on=day, headcount=headcount)


def _service(kind, starts_on, ends_on=None, name="Palvelu"):
    return SupportService(name=name, kind=kind, starts_on=starts_on, ends_on=ends_on)


def test_a_service_counts_when_it_runs_on_some_day_of_the_two_weeks_from_the_wave():
    first, last = date(2021, 3, 1), date(2021, 3, 15)
    assert runs_within(_service(ServiceKind.EDUCATION, date(2021, 3, 15)), first, last)  # starts on the last day
    assert runs_within(
        _service(ServiceKind.EDUCATION, date(2021, 1, 1), date(2021, 3, 1)), first, last
    )  # ends on the first
    assert runs_within(_service(ServiceKind.EDUCATION, date(2020, 1, 1)), first, last)  # open-ended
    assert not runs_within(_service(ServiceKind.EDUCATION, date(2021, 3, 16)), first, last)
    assert not runs_within(_service(ServiceKind.EDUCATION, date(2021, 1, 1), date(2021, 2, 28)), first, last)


def test_known_case_flags_each_missing_kind_per_wave():
    march, june = _wave(date(2021, 3, 1), 200, 1), _wave(date(2021, 6, 1), 120, 2)
    services = [
        _service(ServiceKind.EMPLOYMENT, date(2021, 1, 1)),  # both waves
        _service(ServiceKind.SOCIAL_HEALTH, date(2021, 3, 10), date(2021, 4, 30)),  # March only
        _service(ServiceKind.BUSINESS, date(2021, 6, 14)),  # June only (day 13 of its window)
        _service(ServiceKind.EDUCATION, date(2021, 3, 16)),  # one day too late for March, open in June
        _service(ServiceKind.SUPPORT_NETWORK, date(2021, 2, 1), date(2021, 2, 28)),  # ends before both
    ]
    coverage = wave_coverage([june, march], services)
    assert [c.wave for c in coverage] == [march, june]
    assert coverage[0].missing_kinds == [ServiceKind.BUSINESS, ServiceKind.EDUCATION, ServiceKind.SUPPORT_NETWORK]
    assert coverage[1].missing_kinds == [ServiceKind.SOCIAL_HEALTH, ServiceKind.SUPPORT_NETWORK]
    assert coverage[0].window_ends_on == date(2021, 3, 15)
    assert [s.kind for s in coverage[1].services_by_kind[ServiceKind.EDUCATION]] == [ServiceKind.EDUCATION]


def test_a_wave_with_no_services_misses_all_five_kinds():
    (coverage,) = wave_coverage([_wave(date(2021, 3, 1))], [])
    assert coverage.missing_kinds == list(ServiceKind)


def test_the_gap_message_names_the_kind_the_wave_and_its_date(app):
    with app.test_request_context():
        message = gap_message(ServiceKind.EDUCATION, _wave(date(2021, 3, 1), 200))
    assert message == "Ei koulutuspalvelua kahden viikon sisällä aallosta 200 henkilöä 1.3.2021."
