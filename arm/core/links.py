"""Link lists: the rows that tie one object to many others (a case's municipalities, a project's implementers)."""

from collections.abc import Callable, Hashable


def sync_links(rows: list, key: str, wanted: list[Hashable], make: Callable[[Hashable], object]) -> None:
    """Make `rows` hold exactly one row per value in `wanted`, keyed by the rows' attribute `key`.

    Rows that stay are kept as they are, so their history is not rewritten; new values get `make(value)`.
    """
    wanted = list(dict.fromkeys(wanted))
    present = {getattr(row, key): row for row in rows}
    for value, row in present.items():
        if value not in wanted:
            rows.remove(row)
    for value in wanted:
        if value not in present:
            rows.append(make(value))
