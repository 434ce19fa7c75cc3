"""What an uploaded workbook must be before openpyxl opens it.

An XLSX file is a zip archive of XML parts, and a small upload can unpack to gigabytes: a shared string of
1 GB compresses to 1 MB. The archive's central directory declares each part's uncompressed size, and
zipfile never reads more than that (a part that would unpack to more fails its CRC check: BadZipFile), so
checking the declared sizes, the number of parts and how well each part is compressed bounds what openpyxl
can unpack. The limits are settings (README, "Configuration").

Every part is also read through once here, which checks its CRC, and refused when it holds a DOCTYPE:
Excel and LibreOffice never write one, and a DOCTYPE is what entity expansion ("billion laughs") and
external entities need. Parts in UTF-16 or UTF-32 are searched too (their NUL bytes are skipped).
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from arm.core.i18n import format_decimal

MEGABYTE = 1024 * 1024
# Below this size a part's compression ratio says nothing (a small run of spaces compresses a thousandfold).
RATIO_CHECKED_FROM = MEGABYTE
DOCTYPE = re.compile(rb"<!doctype", re.IGNORECASE)
CHUNK = 64 * 1024


class UnreadableWorkbook(Exception):
    """The upload is not a workbook the import reads; the message says why, in the user's language."""


@dataclass(frozen=True)
class ArchiveLimits:
    parts: int
    part_bytes: int
    total_bytes: int
    ratio: int

    @classmethod
    def configured(cls) -> "ArchiveLimits":
        config = current_app.config
        return cls(
            parts=config["IMPORT_MAX_PARTS"],
            part_bytes=config["IMPORT_MAX_PART_MB"] * MEGABYTE,
            total_bytes=config["IMPORT_MAX_UNPACKED_MB"] * MEGABYTE,
            ratio=config["IMPORT_MAX_COMPRESSION_RATIO"],
        )


def not_a_workbook() -> str:
    return _("Tiedosto ei ole Excel-työkirja (.xlsx).")


def _megabytes(size: int) -> str:
    return format_decimal(size // MEGABYTE)


def check_archive(content: bytes, limits: ArchiveLimits) -> None:
    """UnreadableWorkbook unless `content` is a zip archive within the limits, without a DOCTYPE."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UnreadableWorkbook(not_a_workbook()) from None
    with archive:
        parts = archive.infolist()
        _check_sizes(parts, limits)
        for part in parts:
            _check_part(archive, part)


def _check_sizes(parts: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(parts) > limits.parts:
        raise UnreadableWorkbook(
            _(
                "Tiedostossa on yli %(max)s osaa, eikä Excel-työkirjassa ole niin montaa. Tallenna tiedosto "
                "uudelleen Excelissä tai LibreOfficessa ja yritä taas.",
                max=format_decimal(limits.parts),
            )
        )
    for part in parts:
        if part.file_size > limits.part_bytes:
            raise UnreadableWorkbook(
                _(
                    "Tiedoston osa %(name)s on purettuna yli %(max)s Mt. Tuo suunnitelma pienempänä tiedostona.",
                    name=part.filename[:100],
                    max=_megabytes(limits.part_bytes),
                )
            )
        if part.file_size >= RATIO_CHECKED_FROM and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise UnreadableWorkbook(
                _(
                    "Tiedoston osa %(name)s on pakattu yli %(ratio)s-kertaisesti, mikä ei ole tavallista "
                    "Excel-työkirjalle. Tallenna tiedosto uudelleen Excelissä tai LibreOfficessa ja yritä taas.",
                    name=part.filename[:100],
                    ratio=format_decimal(limits.ratio),
                )
            )
    if sum(part.file_size for part in parts) > limits.total_bytes:
        raise UnreadableWorkbook(
            _(
                "Tiedosto on purettuna yli %(max)s Mt. Tuo suunnitelma pienempänä tiedostona.",
                max=_megabytes(limits.total_bytes),
            )
        )


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    tail = b""
    try:
        with archive.open(part) as source:
            while chunk := source.read(CHUNK):
                text = tail + chunk.replace(b"\x00", b"")
                if DOCTYPE.search(text):
                    raise UnreadableWorkbook(
                        _(
                            "Tiedostossa on XML-dokumenttityypin määrittely (DOCTYPE), jota Excel-työkirjassa ei "
                            "ole. Tallenna tiedosto uudelleen Excelissä tai LibreOfficessa ja yritä taas."
                        )
                    )
                tail = text[-len(b"<!doctype") :]
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError, zlib.error):
        # a damaged part, an unknown compression method, a password
        raise UnreadableWorkbook(
            _("Työkirjaa ei voi lukea; se on ehkä vioittunut. Tallenna se uudelleen ja yritä taas.")
        ) from None
