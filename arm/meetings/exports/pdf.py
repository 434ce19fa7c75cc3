"""A meeting paper as PDF: WeasyPrint over the same Jinja templates as the HTML, fetching nothing but the
app's own static files."""

import os

from flask import render_template

from arm.exports.pdf import PAPER_STYLESHEET, load_weasyprint, local_static_fetcher, path_to_url, static_root
from arm.meetings.exports.content import Paper


def paper_html(paper: Paper, stylesheet_url: str) -> str:
    return render_template("meetings/paper.html", paper=paper, stylesheet_url=stylesheet_url)


def paper_pdf(paper: Paper) -> bytes:
    HTML = load_weasyprint().HTML
    root = static_root()
    html = paper_html(paper, path_to_url(os.path.join(root, PAPER_STYLESHEET)))
    document = HTML(string=html, base_url=path_to_url(root + os.sep), url_fetcher=local_static_fetcher())
    return document.write_pdf()
