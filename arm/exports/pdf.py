"""PDF documents through WeasyPrint (meeting papers, progress reports), fetching nothing but the app's own
static files."""

import mimetypes
import os
import warnings
from urllib.parse import unquote, urlsplit

from flask import current_app

PAPER_STYLESHEET = "css/paper.css"  # the printed page, in the static folder


def load_weasyprint():
    """WeasyPrint, imported on first use (it loads Pango and fontconfig). Without the libharfbuzz-subset0 system
    package it warns that a future version will need it; this one renders the same, so the warning is dropped
    here rather than failing every PDF under `filterwarnings = error`."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
        import weasyprint.urls

    return weasyprint


def static_root() -> str:
    return os.path.realpath(current_app.static_folder)


def path_to_url(path: str) -> str:
    return load_weasyprint().urls.path2url(path)


def local_static_fetcher():
    """A WeasyPrint fetcher that reads files of the app's static folder and refuses every other URL, so that
    rendering a document never asks any host for anything (a user's Markdown link is only written, not fetched)."""
    urls = load_weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse
    root = static_root()

    class LocalStaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"refused: {url}")
            path = os.path.realpath(unquote(parts.path))
            if os.path.commonpath([root, path]) != root or not os.path.isfile(path):
                raise ValueError(f"refused: {url}")
            with open(path, "rb") as file:
                body = file.read()
            mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mimetype})

    return LocalStaticFetcher()
