"""The report as PDF: WeasyPrint over the same template as the report's page (reports/_document.html), with the
meeting papers' print stylesheet and their fetcher that reads nothing but the app's own static files. The
charts are the page's SVG images."""

import os

from flask import render_template

from arm.exports.pdf import PAPER_STYLESHEET, load_weasyprint, local_static_fetcher, path_to_url, static_root
from arm.reports.render.document import Document


def _fetcher():
    """The meeting papers' fetcher (the app's static files only), which also reads the charts' `data:` images:
    they are in the document itself, so reading them asks no host for anything."""
    local = local_static_fetcher()
    base = load_weasyprint().urls.URLFetcher

    class ReportFetcher(type(local)):
        def fetch(self, url, headers=None):
            if url.startswith("data:image/"):
                return base.fetch(self, url, headers)
            return super().fetch(url, headers)

    return ReportFetcher()


def report_html(document: Document, stylesheet_url: str) -> str:
    return render_template("reports/paper.html", document=document, stylesheet_url=stylesheet_url)


def report_pdf(document: Document) -> bytes:
    root = static_root()
    html = report_html(document, path_to_url(os.path.join(root, PAPER_STYLESHEET)))
    HTML = load_weasyprint().HTML
    return HTML(string=html, base_url=path_to_url(root + os.sep), url_fetcher=_fetcher()).write_pdf()
