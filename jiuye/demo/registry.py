"""The demo province is built from parts, each registered by the module that owns the data.

A part is a function `(context) -> number of rows written`. Each gets its own random generator, seeded from the
dataset seed and the part's name, so adding a part in a later module never changes the rows of the others. Parts
run in `order`; a part may read what earlier parts wrote (people need regions, monthly reports need employers).
Modules register parts in a `demo.py` module of their app, which `demo_data` discovers.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# The demo's "today": fixed, so that the same seed gives the same province whatever the day it is generated. It is
# set near the date of writing so that the worklists, which count from the real today, look like a working office's;
# moving it forward is a one-line change (and changes every generated date). The parts run on a clock stopped on
# that day (`jiuye.demo.clock`), so nothing they write is dated later.
REFERENCE_DATE = (2026, 11, 20)


@dataclass
class DemoContext:
    seed: int
    scale: float

    def rng(self, part: str) -> np.random.Generator:
        digest = hashlib.sha256(f"{self.seed}:{part}".encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "little"))

    def count(self, per_unit_scale: int) -> int:
        """Rows at this scale: scale 1 gives `per_unit_scale`, never fewer than one."""
        return max(1, round(per_unit_scale * self.scale))


@dataclass(frozen=True)
class DemoPart:
    name: str
    order: int
    generate: Callable[[DemoContext], int]
    # Deletes what the part generated, for `demo_data --reset`; parts are reset in reverse order.
    reset: Callable[[], None]


_PARTS: dict[str, DemoPart] = {}


def register(name: str, *, order: int, reset: Callable[[], None]) -> Callable:
    def decorator(function: Callable[[DemoContext], int]) -> Callable[[DemoContext], int]:
        _PARTS[name] = DemoPart(name=name, order=order, generate=function, reset=reset)
        return function

    return decorator


def parts() -> list[DemoPart]:
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.name))


@dataclass(frozen=True)
class DemoLogins:
    """A group of demo accounts `demo_data` prints after loading: a heading and rows of (username, what it is)."""

    heading: str
    rows: Callable[[], list[tuple[str, ...]]]
    order: int


_LOGINS: list[DemoLogins] = []


def register_logins(heading: str, *, order: int) -> Callable:
    """Register a function listing demo accounts (`accounts.demo`: the officers; `monitoring.demo_reporters`: the
    enterprises' accounts), so the command prints them without knowing the apps."""

    def decorator(function: Callable[[], list[tuple[str, ...]]]) -> Callable[[], list[tuple[str, ...]]]:
        if not any(group.heading == heading for group in _LOGINS):
            _LOGINS.append(DemoLogins(heading=heading, rows=function, order=order))
        return function

    return decorator


def logins() -> list[DemoLogins]:
    return sorted(_LOGINS, key=lambda group: group.order)
