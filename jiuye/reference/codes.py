"""Region codes are hierarchical strings: 14 Shanxi, 1401 Taiyuan, 140105 Xiaodian, 140105001 a street."""


def code_prefix_lookup(field: str, prefix: str) -> dict[str, str]:
    """Filter arguments for "`field` starts with `prefix`", written as a range (`1401` <= code < `1402`).

    A range uses the ordinary index on the code on every database, where `LIKE '1401%'` scans the table on SQLite
    (its LIKE ignores case) and needs a pattern-ops index on PostgreSQL."""
    if not prefix:
        return {}
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return {f"{field}__gte": prefix, f"{field}__lt": upper}
