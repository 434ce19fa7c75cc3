"""Every form of a case, fuzzed: generated values never answer 5xx, and nothing unsafe is stored.

The forms are discovered, not listed: every POST route under a case comes from `app.url_map`, its ids
from the permission matrix's data (one object of every kind, tests/factories.py), and its fields from
the page that holds the form (every GET page of the case, read with the HTML parser). A coordinator
posts, with a valid CSRF token, values made of huge and negative numbers, unicode (astral, right to
left, combining), control characters, long strings, identity-code-like strings, empty values and odd
dates, mixed with the page's own values so that some posts get past validation and save. After each
post that wrote anything, no text in the database may hold a control character (tab and line breaks
aside) or a valid henkilötunnus, and the data is put back.

Ids in the URL and the `back`/`next` targets stay valid: those are the URL and redirect helpers' own
tests (tests/core/test_links.py and the requests tests).
"""

from functools import cache
from io import BytesIO
from urllib.parse import urljoin, urlsplit

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, String, Text, select

from arm import create_app
from arm.auth.models import User
from arm.cases.models import Case
from arm.core.input import contains_identity_code, text_problem
from arm.core.merge import VERSION_INVALID, VersionedForm
from arm.core.permissions import Access
from arm.extensions import db
from config import TestConfig
from tests import factories
from tests.conftest import (
    RequestPerContextClient,
    count_queries,
    delete_all_rows,
    restore_snapshot,
    sign_in_without_password,
    take_snapshot,
)
from tests.core.test_permissions import ENDPOINT_VALUES, _build_matrix_data
from tests.markup import parse

CASE_PREFIX = "/cases/<int:case_id>/"
# Examples per form: a few for a bare confirmation, more for a form of many fields (the whole module runs
# in well under a minute on two cores).
FEWEST_EXAMPLES, EXAMPLES_PER_FIELD, MOST_EXAMPLES = 4, 2, 24
# Forms that a page shows only after a step the fuzz does not take: the import's confirmation needs an
# uploaded file's preview (tests/plans/test_import_views.py posts to it).
NOT_ON_A_PAGE = {
    "plans.confirm_import",
    # issue 13: situation — the import's confirmation needs a checked upload (tests/situation/test_imports.py
    # posts to it); the fetch button shows only where ARM_PXWEB_URL is set, which tests never set.
    "situation.confirm_import",
    "situation.fetch",
    # issue 13: reports (a new version opens from a submitted report, and the matrix's report is a draft;
    # it takes no input but the CSRF token: tests/reports/test_views.py posts to it)
    "reports.new_version",
}
# Where the form goes back to after saving: the safe-redirect helper's, and kept valid here.
KEPT_AS_THE_PAGE_HAS_THEM = {"csrf_token", "back", "next"}


def _kept(name: str) -> bool:
    """The token and the targets, of a prefixed form (`u5-csrf_token`) too."""
    return name.rpartition("-")[2] in KEPT_AS_THE_PAGE_HAS_THEM


@cache
def _plain_app():
    return create_app(TestConfig)


def _of_a_case(rule) -> bool:
    return rule.rule == CASE_PREFIX.rstrip("/") or rule.rule.startswith(CASE_PREFIX)


def _case_post_rules() -> list[str]:
    rules = _plain_app().url_map.iter_rules()
    return sorted(rule.endpoint for rule in rules if "POST" in rule.methods and _of_a_case(rule))


# --- the values ----------------------------------------------------------------------------------

VALID_IDENTITY_CODES = ["131052-308T", "131052-308t", "010594Y9032", "020516C903K", "010101A900R", "311299-999E"]
NEAR_MISSES = ["131052-308U", "321052-308T", "131052 308T", "131052308T", "x131052-308Ty", "131052-3080001"]
NEAR_MISSES += ["311299-999A", "0112038-9", "0112038-8", "131052-308"]
NUMBERS = [
    "0",
    "-1",
    "-0",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    str(10**30),
    str(-(10**40)),
    "1e100",
    "1e20",
    "Infinity",
    "-Infinity",
    "NaN",
    "1,5",
    "12 500,50",
    "0.001",
    "999999999999.99",
    "1000000000000",
]
DATES = ["0000-00-00", "9999-12-31", "0001-01-01", "2021-02-29", "2020-02-29", "1.1.2021", "-0001-01-01", "99999-01-01"]
CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\r\n", "\n", "\r"]
ODD_UNICODE = [
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",  # astral
    "😀👩‍👩‍👧",
    "\u202eRTL override",
    "שלום עולם",
    "مرحبا",
    "e\u0301\u0301\u0301",  # combining
    "\ufeff",
    "\u200b\u200d",
    "\ud7ff\ue000\uffff",
    "Ääkköset ja €",
]
EMPTY = ["", " ", "   ", "\u00a0"]
DEEP = ["[" * 100_000, '{"a": ' * 50_000, "[]", "null", '{"title": [1, {"x": null}]}']  # the merge's JSON base

atoms = st.one_of(
    st.sampled_from(VALID_IDENTITY_CODES + NEAR_MISSES),
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(DATES),
    st.sampled_from(CONTROLS),
    st.sampled_from(ODD_UNICODE),
    st.sampled_from(EMPTY),
    st.sampled_from(DEEP),
    st.text(max_size=12),  # any code point hypothesis likes, surrogates aside
)
long_strings = st.tuples(st.sampled_from(["a", "ä", "𝔘", "1", " ", "131052-308T "]), st.integers(10_000, 12_000)).map(
    lambda pair: pair[0] * (pair[1] // len(pair[0]))
)
nasty = st.one_of(atoms, st.lists(atoms, min_size=2, max_size=4).map("".join), long_strings)
# What must never be stored, inside otherwise ordinary text: for the free-text fields.
unsafe_in_text = st.tuples(
    st.sampled_from(["", "Nimi ", "Rivi\nrivi "]), st.sampled_from(CONTROLS + VALID_IDENTITY_CODES), st.text(max_size=8)
).map("".join)


FREE_TEXT = ("text", "textarea", "search")


def _value(field: dict):
    """A value for one field: mostly nasty, sometimes what the page offers (a valid choice, the value shown)."""
    offered = field["values"]
    if field["kind"] == "file":
        return st.tuples(st.binary(max_size=64), nasty.map(lambda name: name[:300] or "a")).map(
            lambda pair: (BytesIO(pair[0]), pair[1])
        )
    if field["kind"] == "checkbox" and offered:
        return st.one_of(st.lists(st.sampled_from(offered), unique=True), st.lists(nasty, max_size=2))
    if field["kind"] in FREE_TEXT:
        return st.one_of(unsafe_in_text, nasty, *([st.sampled_from(offered)] if offered else []))
    if offered:
        return st.one_of(st.sampled_from(offered), nasty)
    return nasty


# --- the forms, from the pages ---------------------------------------------------------------------


def _form_fields(form) -> dict[str, dict]:
    """The form's fields by name: their kind, the values the page offers (options, the value shown) and what
    the browser would submit from the page as it is (`shown`)."""
    fields: dict[str, dict] = {}

    def add(name, kind, value=None, shown=False):
        field = fields.setdefault(name, {"kind": kind, "values": [], "shown": []})
        if value is not None and value not in field["values"]:
            field["values"].append(value)
        if shown:
            field["shown"].append(value)

    for element in form.iter():
        name = element.attrs.get("name")
        if not name or element.attrs.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = element.attrs.get("type", "text")
            if kind in ("submit", "button", "reset", "image"):
                continue
            if kind in ("checkbox", "radio"):
                add(name, kind, element.attrs.get("value", "y"), shown="checked" in element.attrs)
            else:
                add(name, kind, element.attrs.get("value", ""), shown=True)
        elif element.tag == "textarea":
            add(name, "textarea", element._raw_text().removeprefix("\n"), shown=True)
        elif element.tag == "select":
            kind = "checkbox" if element.attrs.get("multiple") is not None else "select"
            add(name, kind)
            options = element.find_all("option")
            for option in options:
                add(name, kind, option.attrs.get("value", option.text), shown="selected" in option.attrs)
            if kind == "select" and not fields[name]["shown"] and options:
                fields[name]["shown"].append(fields[name]["values"][0])  # a browser submits the first
    return fields


def _discover_forms(app, client, url_values: dict, forms: dict[str, dict], only_of: set[str] | None = None) -> None:
    """Every POST form on every GET page of the case, by the endpoint it posts to: its URL and fields.

    `only_of` limits the pages to those about exactly these objects (their ids the URL's only arguments).
    """
    adapter = app.url_map.bind("localhost")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or not _of_a_case(rule) or "token" in rule.arguments:
            continue
        if only_of is not None and set(rule.arguments) != only_of:
            continue
        with app.test_request_context():
            values = {**url_values, **ENDPOINT_VALUES.get(rule.endpoint, {})}
            page_url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
        response = client.get(page_url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for form in parse(response.get_data(as_text=True)).find_all("form"):
            if form.attrs.get("method", "get").lower() != "post":
                continue
            action = urljoin(page_url, form.attrs.get("action") or page_url)
            endpoint, _args = adapter.match(urlsplit(action).path, method="POST")
            # The first page that shows the form wins: an edit form's own page comes before the lists.
            if endpoint not in forms or urlsplit(action).path == urlsplit(page_url).path:
                forms[endpoint] = {"url": action, "fields": _form_fields(form)}


# --- what is stored ------------------------------------------------------------------------------


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _unsafe_stored_text() -> list[tuple[str, str, str]]:
    """(table, column, text) of every stored text with a control character (in long text, tab and line breaks
    aside) or a valid identity code, in every String, Text and JSON column of every table."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, JSON))]
            if not columns:
                continue
            for row in connection.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    # Long text (a Text column, or what JSON holds) may keep tabs and line breaks.
                    multiline = isinstance(column.type, (Text, JSON))
                    for text in _texts(value):  # a JSON column's value comes decoded
                        if text_problem(text, multiline=multiline) is not None or contains_identity_code(text):
                            found.append((table.name, column.name, text[:80]))
    return found


# --- the fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_app(config_class, _schema):
    """One app for the module: the matrix's rows, a coordinator signed in with a CSRF token, the forms."""
    app = create_app(config_class)
    app.config["WTF_CSRF_ENABLED"] = True
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        delete_all_rows()
        data = _build_matrix_data()
        values = data["url_values"]
        coordinator = db.session.get(User, data["users"]["coordinator"])
        case = db.session.get(Case, values["case_id"])
        # What shows the last few forms: an organisation not yet in the network, a person invited who has
        # not signed in yet, a case with nobody but its coordinator in it (which may be deleted) and an
        # archived one (which may be restored).
        factories.OrganisationFactory(name="Rekisterin organisaatio")
        pending = factories.MembershipFactory(
            case=case, user=factories.UserFactory(password_hash=None), accepted_at=None
        )
        lone = factories.MembershipFactory(user=coordinator, access=Access.COORDINATOR).case
        archived = factories.MembershipFactory(
            user=coordinator, access=Access.COORDINATOR, case__archived_at=factories.NOW
        ).case
        client = app.test_client()
        sign_in_without_password(client, coordinator)
        app.fuzz_snapshot = take_snapshot()  # with the coordinator's sign-in, which a restore must keep
        app.fuzz_client = client
        app.fuzz_forms = {}
        _discover_forms(app, client, values, app.fuzz_forms)
        for variant in ({"membership_id": pending.id}, {"case_id": lone.id}, {"case_id": archived.id}):
            _discover_forms(app, client, {**values, **variant}, app.fuzz_forms, only_of={"case_id", *variant})
        assert _unsafe_stored_text() == []
    yield app
    with app.app_context():
        db.session.remove()
        delete_all_rows()
        db.engine.dispose()


def test_every_form_of_a_case_is_found_on_a_page(fuzz_app):
    missing = set(_case_post_rules()) - set(fuzz_app.fuzz_forms) - NOT_ON_A_PAGE
    assert not missing, f"no page shows a form posting to {sorted(missing)}: the fuzz cannot reach them"
    without_token = [e for e, form in fuzz_app.fuzz_forms.items() if not any(map(_kept, form["fields"]))]
    assert without_token == []


_NO_FIELD = {"kind": "text", "values": [], "shown": []}


@pytest.mark.parametrize("endpoint", sorted(set(_case_post_rules()) - NOT_ON_A_PAGE))
def test_generated_values_never_answer_5xx_nor_store_unsafe_text(fuzz_app, endpoint):
    form = fuzz_app.fuzz_forms.get(endpoint)
    assert form is not None, endpoint
    client = fuzz_app.fuzz_client
    shown = {name: field["shown"] for name, field in form["fields"].items()}
    # A confirmation has nothing but its token: it gets a field it does not know.
    fields = {name: field for name, field in form["fields"].items() if not _kept(name)} or {"unknown": _NO_FIELD}
    fuzzable = sorted(fields)
    free_text = [name for name in fuzzable if fields[name]["kind"] in FREE_TEXT]
    # Half of the posts change a free-text field or two, where unsafe text would be stored.
    choices = st.one_of(
        *([st.lists(st.sampled_from(free_text), min_size=1, max_size=2, unique=True)] if free_text else []),
        st.lists(st.sampled_from(fuzzable), min_size=1, max_size=3, unique=True),
    )

    @settings(
        max_examples=min(MOST_EXAMPLES, FEWEST_EXAMPLES + EXAMPLES_PER_FIELD * len(form["fields"])),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def post(data):
        # A few fields at a time, the others as the page shows them: most posts then pass every other check
        # and reach the service and the database with the generated values.
        chosen = data.draw(choices, label="fields")
        values = {name: data.draw(_value(fields[name]), label=name) for name in chosen}
        with fuzz_app.app_context():
            with count_queries(fuzz_app) as statements:
                response = client.post(form["url"], data={**shown, **values})
            assert response.status_code < 500, (form["url"], values)
            if any(not s.lstrip().upper().startswith("SELECT") for s in statements):
                assert _unsafe_stored_text() == [], (form["url"], values)
                restore_snapshot(fuzz_app.fuzz_snapshot)

    with fuzz_app.app_context():
        restore_snapshot(fuzz_app.fuzz_snapshot)
    post()


# --- the hidden version of a versioned form --------------------------------------------------------

# No version at all is a form from before versions travelled with it (an old tab): saved without the check.
GARBLED_VERSIONS = ["abc", "-1", "1.5", "1e3", "0x10", "9" * 20, str(2**64), "\x00"]


def _versioned_forms(fuzz_app) -> dict[str, dict]:
    return {
        endpoint: form
        for endpoint, form in fuzz_app.fuzz_forms.items()
        if any(name.rpartition("-")[2] == "version" for name in form["fields"])
    }


def test_every_versioned_form_is_found(fuzz_app):
    """Each VersionedForm has its version and the fields it merges on some page's form, so that the version
    test below reaches it."""
    found = [{name.rpartition("-")[2] for name in form["fields"]} for form in _versioned_forms(fuzz_app).values()]
    for form_class in _subclasses(VersionedForm):
        names = {"version", *form_class.merge_fields}
        assert any(names <= fields for fields in found), (form_class, [names - f for f in found])


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


@pytest.mark.parametrize("version", GARBLED_VERSIONS)
def test_a_garbled_version_is_a_form_error_on_every_versioned_form_with_the_input_kept(fuzz_app, version):
    """`version=abc` (or huge, negative, empty) gives the version message, keeps what was typed, saves nothing."""
    client = fuzz_app.fuzz_client
    for endpoint, form in _versioned_forms(fuzz_app).items():
        data = {name: field["shown"] for name, field in form["fields"].items()}
        typed = next(n for n, f in form["fields"].items() if f["kind"] in ("text", "textarea") and not _kept(n))
        data[typed] = "Kirjoitettu teksti, joka säilyy"
        data[next(name for name in form["fields"] if name.rpartition("-")[2] == "version")] = version
        with fuzz_app.app_context(), count_queries(fuzz_app) as statements:
            response = client.post(form["url"], data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, (endpoint, response.status_code)
        assert str(VERSION_INVALID) in page, endpoint
        assert "Kirjoitettu teksti, joka säilyy" in page, endpoint
        assert all(s.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE")) for s in statements), endpoint
