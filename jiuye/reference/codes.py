"""Region codes are hierarchical strings of digits: 14 Shanxi, 1401 Taiyuan, 140105 Xiaodian, 140105001 a street."""


def code_prefix_lookup(field: str, prefix: str) -> dict[str, str]:
    """Filter arguments for "`field` starts with `prefix`", written as a range where it can be (`1401` <= code <
    `1402`).

    A range uses the ordinary index on the code on every database, where `LIKE '1401%'` scans the table on SQLite
    (its LIKE ignores case) and needs a pattern-ops index on PostgreSQL. The upper bound is the next number of the
    same length, digits only, so that no database collation can order it differently (some ignore punctuation)."""
    if not prefix:
        return {}
    if not prefix.isdigit() or set(prefix) == {"9"}:
        return {f"{field}__startswith": prefix}
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return {f"{field}__gte": prefix, f"{field}__lt": upper}
