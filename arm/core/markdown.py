"""Markdown written by users, rendered to HTML and then sanitised: nothing executable survives."""

import threading

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


_converters = threading.local()


def _converter() -> markdown_lib.Markdown:
    """One converter a thread, reset before each text: building one loads its extensions, which cost more than
    converting a paragraph (an agenda renders dozens). A Markdown instance is not safe to share across threads."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return converter.reset()


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _converter().convert(text)
    # Headings start at h3: the page already has its h1 and section h2s.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # nosec B704 # nh3 has just reduced it to the allowed tags, attributes and schemes
