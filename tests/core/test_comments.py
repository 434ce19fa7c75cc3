"""The generic comments of core: the registry, the service's last defence and the one-statement query."""

import pytest

from arm.core import comments
from arm.core.errors import ValidationError
from arm.plans.models import Action
from arm.risks.models import Risk
from tests import factories
from tests.conftest import count_queries


def test_an_entity_names_one_model():
    comments.register_commentable("risk", Risk, url=lambda risk: "/")  # the same again: no-op
    with pytest.raises(ValueError, match="registered for Risk"):
        comments.register_commentable("risk", Action, url=lambda action: "/")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Kirjoita kommentti."),
        ("  \n ", "Kirjoita kommentti."),
        ("x" * 5_001, "enintään"),
        ("Soita 131052-308T", "henkilötunnuksen"),
        ("ohjaus\x07merkki", "ohjausmerkit"),
    ],
)
def test_the_service_refuses_what_the_form_would(app, body, message):
    risk = factories.RiskFactory()
    with pytest.raises(ValidationError) as error:
        comments.add_comment(risk.case_id, "risk", risk.id, None, body)
    assert message in str(error.value.errors[0][1])


def test_an_objects_comments_load_in_one_statement_with_their_authors(app):
    risk = factories.RiskFactory()
    for _ in range(3):
        factories.CommentFactory(risk=risk, author_id=factories.UserFactory().id)
    factories.CommentFactory()  # another risk's
    risk_id = risk.id
    with count_queries(app) as statements:
        loaded = comments.comments_of("risk", risk_id)
        names = [comment.author.name for comment in loaded]
    assert len(loaded) == 3 and all(names)
    assert len(statements) == 1
