from datetime import date, timedelta

from arm.core.models import utcnow
from tests import factories


def test_login_page(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Kirjaudu sisään" in response.get_data(as_text=True)


def test_every_test_starts_on_the_same_day():
    """tests/conftest.py freezes the clock at factories.NOW and lets it run on."""
    assert date.today() == factories.TODAY
    assert timedelta(0) <= utcnow() - factories.NOW < timedelta(hours=1)


def test_a_default_action_is_not_overdue(app):
    action = factories.ActionFactory()
    assert action.due_on > date.today() and not action.is_overdue
