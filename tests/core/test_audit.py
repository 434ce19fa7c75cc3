from arm.auth.models import User
from arm.cases.models import LayoffWave
from arm.core.audit import entity_label, field_label
from arm.core.history import Names, value_text
from arm.core.models import AuditEvent
from arm.extensions import db
from tests import factories


def _events(**filters):
    return db.session.scalars(db.select(AuditEvent).filter_by(**filters).order_by(AuditEvent.id)).all()


def test_create_update_delete_are_recorded_with_field_changes(app):
    wave = factories.LayoffWaveFactory(headcount=200)
    created = _events(entity="LayoffWave", action="create")[-1]
    assert created.case_id == wave.case_id
    assert created.changes["headcount"] == [None, 200]

    wave.headcount = 150
    db.session.commit()
    updated = _events(entity="LayoffWave", action="update")[-1]
    assert updated.changes == {"headcount": [200, 150]}

    wave_id = wave.id
    db.session.delete(wave)
    db.session.commit()
    deleted = _events(entity="LayoffWave", action="delete")[-1]
    assert deleted.entity_id == wave_id
    assert deleted.changes["headcount"] == [150, None]
    assert db.session.get(LayoffWave, wave_id) is None


def test_secrets_and_noise_are_never_recorded(app):
    user = factories.UserFactory()
    user.set_password("another long password")
    db.session.commit()
    for event in _events(entity="User"):
        assert "password_hash" not in event.changes


def test_unchanged_save_records_nothing(app):
    wave = factories.LayoffWaveFactory(headcount=200)
    before = len(_events())
    wave.headcount = 200
    db.session.commit()
    assert len(_events()) == before


def test_labels_for_the_history_page(app):
    assert entity_label("Membership") == "Jäsenyys"
    assert field_label("Membership", "access") == "Käyttöoikeus"
    no_names = Names({}, None)
    assert value_text("Membership", "access", 40, no_names) == "Koordinaattori"
    assert value_text("Case", "phase", "closed", no_names) == "Päättynyt"
    assert value_text("Case", "title", None, no_names) == "–"
    assert entity_label("Unknown") == "Unknown"
    assert User.audit_name
