"""The services refuse what the forms refuse, for callers that bypass a form (the demo, an import)."""

from datetime import date

import pytest

from arm.core.errors import EditConflict, ValidationError
from arm.progress import cohort, outputs
from arm.progress.models import CohortBasis, CohortGroup, OutputKind
from tests import factories
from tests.progress.outcome_helpers import HETU, add_output, add_snapshot

TODAY = date(2024, 6, 30)


def _output(**values) -> dict:
    data = {
        "kind": OutputKind.STUDIES,
        "name": "",
        "dated_on": date(2024, 1, 1),
        "amount": 3,
        "project_id": None,
        "source": "Raportti",
        "note": "",
    }
    data.update(values)
    return data


def _snapshot(**values) -> dict:
    data = {
        "as_of": date(2024, 5, 31),
        "cohort_group": CohortGroup.OWN,
        "cohort": 10,
        "employed": 4,
        "in_training": 1,
        "entrepreneurs": 0,
        "retired": 1,
        "unemployed": 2,
        "moved_away": 1,
        "unknown": 1,
        "basis": CohortBasis.CONSENTED_FOLLOW_UP,
        "source": "Seuranta",
        "note": "",
    }
    data.update(values)
    return data


def _fields(error: ValidationError) -> set:
    return {field for field, _message in error.errors}


def test_an_output_names_only_a_project_of_its_own_case(app):
    case = factories.CaseFactory()
    other = factories.ProjectFactory()
    with pytest.raises(ValidationError) as refused:
        outputs.record_output(case, _output(project_id=other.id), today=TODAY)
    assert _fields(refused.value) == {"project_id"}
    own = factories.ProjectFactory(case=case)
    assert outputs.record_output(case, _output(project_id=own.id), today=TODAY).project_id == own.id


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"amount": -1}, "amount"),
        ({"amount": 10**7}, "amount"),
        ({"amount": "3"}, "amount"),
        ({"amount": True}, "amount"),
        ({"source": ""}, "source"),
        ({"note": HETU}, "note"),
        ({"kind": OutputKind.OTHER, "name": " "}, "name"),
        ({"kind": None}, "kind"),
        ({"dated_on": date(2024, 7, 1)}, "dated_on"),
    ],
)
def test_an_output_service_refuses_bad_values(app, values, field):
    with pytest.raises(ValidationError) as refused:
        outputs.record_output(factories.CaseFactory(), _output(**values), today=TODAY)
    assert field in _fields(refused.value)


def test_a_name_is_kept_only_for_other_outputs(app):
    case = factories.CaseFactory()
    assert outputs.record_output(case, _output(name="Unohtunut"), today=TODAY).name == ""
    entry = outputs.record_output(case, _output(kind=OutputKind.OTHER, name=" Digipajat "), today=TODAY)
    assert entry.name == "Digipajat"


def test_a_stale_output_edit_is_a_conflict(app):
    entry = add_output(factories.CaseFactory())
    with pytest.raises(EditConflict):
        outputs.update_output(entry, entry.version + 1, _output(), today=TODAY)


def test_a_snapshot_that_does_not_add_up_is_refused_before_the_database(app):
    case = factories.CaseFactory()
    with pytest.raises(ValidationError) as refused:
        cohort.record_snapshot(case, _snapshot(unknown=3), today=TODAY)
    assert "Tilanteiden summa 12 on 2 suurempi kuin irtisanottujen määrä 10." in dict(refused.value.errors)["cohort"]
    assert cohort.record_snapshot(case, _snapshot(), today=TODAY).cohort == 10


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"unemployed": -2, "unknown": 5}, "unemployed"),
        ({"cohort": None}, "cohort"),
        ({"basis": None}, "basis"),
        ({"cohort_group": "OWN"}, "cohort_group"),
        ({"source": f"Lista {HETU}"}, "source"),
        ({"as_of": None}, "as_of"),
    ],
)
def test_a_snapshot_service_refuses_bad_values(app, values, field):
    with pytest.raises(ValidationError) as refused:
        cohort.record_snapshot(factories.CaseFactory(), _snapshot(**values), today=TODAY)
    assert field in _fields(refused.value)


def test_a_stale_snapshot_edit_is_a_conflict(app):
    snapshot = add_snapshot(factories.CaseFactory())
    with pytest.raises(EditConflict):
        cohort.update_snapshot(snapshot, snapshot.version + 1, _snapshot(), today=TODAY)
