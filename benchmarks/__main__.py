"""`make bench`: each benchmark prints its figures; nothing here asserts a time.

Benchmarks run against their own SQLite database under var/bench/ (or DATABASE_URL when set), never the demo's.
Set BENCH_SCALE to change the size of the demo province they build (default 10, about 100,000 people; the issue's
full size is 100, about a million). BENCH_ONLY runs only the named groups, comma-separated (`foundation`, `imports`,
`lfs`, `monitoring`, `matching`, `reading`, `exports`, `load`): `BENCH_ONLY=monitoring make bench`. The imports and
exports benchmarks need the demo province that foundation builds; the others build what they need. `load` needs a
PostgreSQL DATABASE_URL of its own and runs gunicorn on it (benchmarks/load.py).
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(BASE_DIR))
    if "DATABASE_URL" not in os.environ:
        bench_dir = BASE_DIR / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        database = bench_dir / "bench.sqlite3"
        database.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from benchmarks import exports, foundation, imports, lfs, load, matching, monitoring, reading

    groups = {
        "foundation": foundation,
        "imports": imports,
        "lfs": lfs,
        "monitoring": monitoring,
        "matching": matching,
        "reading": reading,
        "exports": exports,
        "load": load,
    }
    only = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
    unknown = set(only) - set(groups)
    if unknown:
        sys.exit(f"BENCH_ONLY: unknown benchmark group(s) {', '.join(sorted(unknown))}; known: {', '.join(groups)}")
    for name, module in groups.items():
        if not only or name in only:
            for benchmark in module.BENCHMARKS:
                benchmark()


if __name__ == "__main__":
    main()
