"""A small HTML reader for assertions on the element that should hold a value (stdlib html.parser only).

    page = parse(response.get_data(as_text=True))
    assert page.by_id("grants").table_rows()[0][:2] == ["TEM:n ÄRM-rahoitus", "–"]
    assert dd_after(page, "Budjetti") == "12 500,50 €"

Text is the element's text with runs of whitespace (non-breaking spaces included) as one space, stripped.
"""

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Element | None" = None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", self._raw_text()).strip()

    def _raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else " " if c.tag == "br" else c._raw_text() for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, class_: str | None = None, text: str | None = None, **attrs):
        """Elements inside this one (itself included) with the tag, the class among their classes, exactly
        this text and these attributes (`data_x` for `data-x`)."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.classes)
            and (text is None or element.text == text)
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]

    def find(self, tag: str | None = None, **criteria) -> "Element":
        """The first element that `find_all` gives; AssertionError when there is none."""
        found = self.find_all(tag, **criteria)
        assert found, f"no <{tag or '*'}> with {criteria} in {self!r}"
        return found[0]

    def by_id(self, element_id: str) -> "Element":
        return self.find(id=element_id)

    def next_sibling(self) -> "Element":
        """The next element beside this one (a <dd> after its <dt>)."""
        siblings = [c for c in self.parent.children if isinstance(c, Element)]
        return siblings[siblings.index(self) + 1]

    def table_rows(self, section: str = "tbody") -> list[list[str]]:
        """The text of each cell (th or td), row by row, of the table's body (or "thead", "tfoot")."""
        part = self if self.tag == section else self.find(section)
        return [[cell.text for cell in row.children if isinstance(cell, Element)] for row in part.find_all("tr")]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {name: value or "" for name, value in attrs}, self.current))

    def handle_endtag(self, tag):
        # Close up to the matching open element; a stray end tag is ignored.
        element = self.current
        while element is not self.root and element.tag != tag:
            element = element.parent
        if element is not self.root:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def dd_after(page: Element, label: str) -> str:
    """The text of the <dd> that follows the <dt> saying `label` (the facts lists of the case and action pages)."""
    return page.find("dt", text=label).next_sibling().text


def page_of(response) -> Element:
    return parse(response.get_data(as_text=True))


def field_value(page: Element, name: str, form: Element | None = None):
    """What a form control shows: an input's value, a textarea's text, a select's chosen value(s)."""
    control = (form or page).find(name=name)
    if control.tag == "textarea":
        text = control._raw_text()  # the browser drops one newline right after <textarea>
        return text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")
    if control.tag == "select":
        chosen = [
            option.attrs.get("value", option.text)
            for option in control.find_all("option")
            if "selected" in option.attrs
        ]
        return chosen if "multiple" in control.attrs else (chosen[0] if chosen else None)
    return control.attrs.get("value", "")


def field_error(page: Element, field_id: str) -> str:
    """The message under a field (render_field's `<field id>-error`), without the "Virhe:" that only
    screen readers hear before it."""
    return page.by_id(f"{field_id}-error").text.removeprefix("Virhe:").strip()


def row_containing(element: Element, text: str) -> list[str]:
    """The cells of the one table row inside `element` that has a cell containing `text`."""
    rows = [
        [cell.text for cell in row.children if isinstance(cell, Element)]
        for row in element.find_all("tr")
        if any(text in cell.text for cell in row.children if isinstance(cell, Element))
    ]
    assert len(rows) == 1, f"{len(rows)} rows contain {text!r}"
    return rows[0]


def checklist(page: Element) -> dict[str, str]:
    """The network checklist (cases/_checklist.html): each actor type's line, by the type's name."""
    return {
        li.find("span", class_="fw-semibold").text: li.text for li in page.find("ul", class_="checklist").find_all("li")
    }
