"""The shape of the code base, checked: apps depend downward only, and the statistics and matching cores run without
Django (in a batch job or on a cluster).

Every `import` and `from ... import` of a `jiuye.<app>` module counts, at module level or inside a function (an import
moved into a function to dodge a cycle is still a cycle).
"""

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JIUYE = ROOT / "jiuye"

# The Django side of the matching app; every other module of it is the engine (arrays in, ranked lists out).
MATCHING_DJANGO_SIDE = {"apps", "models", "selectors", "services", "tables", "admin", "funnel"}


def _modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of jiuye but migrations."""
    modules = {}
    for path in JIUYE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(path: Path) -> set[str]:
    """Every module name the file imports, absolute."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "jiuye" else None


def app_graph() -> dict[str, dict[str, set[str]]]:
    """app → {imported app: the files that import it}."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for module, path in _modules().items():
        source = _app(module)
        if source is None:
            continue
        for name in _imports(path):
            target = _app(name)
            if target and target != source and (JIUYE / target).is_dir():
                graph[source][target].add(str(path.relative_to(ROOT)))
    return graph


def strongly_connected(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of apps that import each other, directly or through others."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(set(graph) | {t for targets in graph.values() for t in targets}):
        if node not in index:
            visit(node)
    return [group for group in groups if len(group) > 1]


def test_apps_import_each_other_in_one_direction_only():
    graph = app_graph()
    cycles = strongly_connected(graph)
    evidence = {
        " ↔ ".join(group): {
            f"{a} → {b}": sorted(graph[a][b])[:3] for a in group for b in group if b in graph.get(a, {})
        }
        for group in cycles
    }
    assert cycles == [], f"app-level import cycles: {evidence}"


def test_the_check_finds_a_cycle():
    graph = {"a": {"b": {"x.py"}}, "b": {"c": {"y.py"}}, "c": {"a": {"z.py"}}, "d": {"a": {"w.py"}}}
    assert strongly_connected(graph) == [["a", "b", "c"]]


def pure_modules() -> list[str]:
    """The statistics core (`jiuye.lfs.estimation`) and the matching engine."""
    modules = _modules()
    estimation = [name for name in modules if name.startswith("jiuye.lfs.estimation")]
    engine = [
        name
        for name in modules
        if name.startswith("jiuye.matching.")
        and name.split(".")[2] not in MATCHING_DJANGO_SIDE
        and not name.startswith("jiuye.matching.management")
    ]
    packages = ["jiuye", "jiuye.lfs", "jiuye.matching"]  # what importing them runs first: their __init__
    return sorted(packages + estimation + engine)


def test_the_cores_import_no_django_nor_any_module_that_does():
    modules = _modules()
    pure = set(pure_modules())
    assert {"jiuye.lfs.estimation.design", "jiuye.matching.engine", "jiuye.matching.kernels"} <= pure
    offences = {}
    for name in sorted(pure):
        bad = {
            imported
            for imported in _imports(modules[name])
            if imported.split(".")[0] == "django"
            or (imported.startswith("jiuye.") and imported in modules and imported not in pure)
        }
        if bad:
            offences[name] = sorted(bad)
    assert offences == {}


def test_the_cores_load_in_a_process_without_django():
    """Imported for real, in a fresh interpreter that cannot import Django at all."""
    script = (
        "import sys\n"
        "class NoDjango:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('Django is not available here')\n"
        "sys.meta_path.insert(0, NoDjango())\n"
        f"for name in {pure_modules()!r}:\n"
        "    __import__(name)\n"
        "print(len(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
