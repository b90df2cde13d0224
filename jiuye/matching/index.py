"""The page's index: one seeker's top vacancies in milliseconds, kept up to date as vacancies open, change and close.

Vacancies live in a large *base* segment and a small *delta* segment of recent additions; closing marks a row dead,
changing is closing plus adding, and the delta is merged into the base once it grows past ``compact_at`` rows. The
text model (IDF) is fixed when the index is built, so a vacancy's score does not drift as others come and go. A
query scores exactly every open vacancy in the places the seeker accepts (or within the commute radius): a page
needs one seeker, so no pruning beyond geography is needed. For the other direction (seekers for one vacancy) use
`jiuye.matching.engine.Matcher.run` with ``queries=[row]``.
"""

from dataclasses import dataclass

import numpy as np

from jiuye.matching import kernels
from jiuye.matching.config import VACANCIES_FOR_SEEKER, MatchConfig
from jiuye.matching.features import Seekers, Vacancies, accepted_mask
from jiuye.matching.geo import Places, haversine_km, load_places, place_spread_km
from jiuye.matching.scoring import PairContext, key_priorities, vacancy_side
from jiuye.matching.text import Labels, TextModel, Tokens, pad_width


@dataclass
class Recommendation:
    vacancy_id: str
    score: float
    contributions: np.ndarray


def concat_vacancies(tables: list[Vacancies]) -> Vacancies:
    """One table from several (titles and skills re-factorised)."""
    titles = [table.title[i] for table in tables for i in range(len(table))]
    skills = [table.skills.row(i) for table in tables for i in range(len(table))]
    columns = {
        name: np.concatenate([getattr(table, name) for table in tables])
        for name in Vacancies.__dataclass_fields__
        if name not in ("title", "skills")
    }
    return Vacancies(title=Labels.from_list(titles), skills=Tokens.from_lists(skills), **columns)


class Segment:
    """Vacancies with their text vectors, open/valid flags and rows grouped by place."""

    def __init__(self, table: Vacancies, text: TextModel, today: np.datetime64, places: Places):
        self.table, self.alive = table, np.ones(len(table), dtype=bool)
        self.titles = text.title_vectors(table.title.values)
        self.skills = text.skill_vectors(table.skills)
        self.valid = table.is_open & (np.isnat(table.valid_until) | (table.valid_until >= today))
        self.order = np.argsort(table.place, kind="stable")
        self.place_start = np.searchsorted(table.place[self.order], np.arange(len(places) + 1))
        self.spread = place_spread_km(table.place, table.longitude, table.latitude, places)
        self.row = {str(vacancy_id): i for i, vacancy_id in enumerate(table.ids)}
        self.position = np.empty(len(self.order), dtype=np.int64)  # a row's position in place order
        self.position[self.order] = np.arange(len(self.order))
        self._sides: dict[bool, kernels.Side] = {}
        self._padded: tuple[int | None, object] = (None, None)

    def kernel_side(self, context: PairContext, by_place: bool = False) -> kernels.Side:
        """The vacancies as the kernels read them, built once per segment and kept open-flag current by `close`:
        in row order (for a context's pair look-ups), or ``by_place`` (position ``i`` is row ``order[i]``: a query
        reads the places it may work in as contiguous memory)."""
        if by_place not in self._sides:
            rows = self.order if by_place else np.arange(len(self.order))
            side = vacancy_side(context, rows)
            side.numbers[:, kernels.C_OK] = (self.valid & self.alive)[rows]
            self._sides[by_place] = side
        return self._sides[by_place]

    def close(self, row: int) -> None:
        self.alive[row] = False
        for by_place, side in self._sides.items():
            side.numbers[self.position[row] if by_place else row, kernels.C_OK] = 0

    def skills_of_width(self, width: int):
        if self._padded[0] != width:
            self._padded = (width, pad_width(self.skills, width))
        return self._padded[1]

    def positions_in(self, places: np.ndarray) -> np.ndarray:
        """Positions (in place order) of the open vacancies of ``places``."""
        spans = [np.arange(self.place_start[p], self.place_start[p + 1]) for p in places]
        positions = np.concatenate(spans) if spans else np.zeros(0, np.int64)
        rows = self.order[positions]
        return positions[self.alive[rows] & self.valid[rows]]


class VacancyIndex:
    def __init__(self, vacancies: Vacancies, config: MatchConfig, today, *, compact_at: int = 2000, text=None):
        self.config, self.today, self.places = config, np.datetime64(today, "D"), load_places()
        self.city = self.places.city.astype(np.int64)
        self.text = text or TextModel([vacancies.title], [vacancies.skills])
        self.base = Segment(vacancies, self.text, self.today, self.places)
        self.pending: list[Vacancies] = []
        self.delta: Segment | None = None
        self.compact_at = compact_at

    def __len__(self) -> int:
        return sum(int((s.alive & s.valid).sum()) for s in self.segments())

    def segments(self) -> list[Segment]:
        return [self.base] if self.delta is None else [self.base, self.delta]

    def remove(self, vacancy_id: str) -> bool:
        """Close a vacancy (filled, withdrawn or expired); False when the index does not hold it."""
        found = False
        for segment in self.segments():
            row = segment.row.get(str(vacancy_id))
            if row is not None and segment.alive[row]:
                segment.close(row)
                found = True
        return found

    def add(self, vacancies: Vacancies) -> None:
        """Open vacancies, or replace the stored version of ones already held (same id)."""
        for vacancy_id in vacancies.ids:
            self.remove(str(vacancy_id))
        if self.delta is not None:
            self.pending = self._alive_delta()
        self.pending.append(vacancies)
        merged = concat_vacancies(self.pending)
        if len(merged) >= self.compact_at:
            self.base = Segment(concat_vacancies([self._alive_base(), merged]), self.text, self.today, self.places)
            self.pending, self.delta = [], None
        else:
            self.pending, self.delta = [merged], Segment(merged, self.text, self.today, self.places)

    def _alive_delta(self) -> list[Vacancies]:
        return [_take(self.delta.table, np.flatnonzero(self.delta.alive))]

    def _alive_base(self) -> Vacancies:
        return _take(self.base.table, np.flatnonzero(self.base.alive))

    def top_k_for(self, seeker: Seekers, k: int | None = None, province_wide: bool = False) -> list[Recommendation]:
        """The best ``k`` open vacancies for a one-row `Seekers`, best first."""
        k = k or self.config.top_vacancies_per_seeker
        found = []
        for segment in self.segments():
            context = self._context(seeker, segment)
            positions = segment.positions_in(self._places_for(seeker, segment, province_wide))
            seeker_side, vacancies = context.seeker_arrays(), segment.kernel_side(context, by_place=True)
            weights = context.part_weights(VACANCIES_FOR_SEEKER)
            values, total, _distance, _allowed, kept = kernels.pair_scores(
                seeker_side, vacancies, self.city, np.zeros(len(positions), np.int64), positions, weights,
                context.rules(), context.evidence(), province_wide,
            )  # fmt: skip
            total = np.where(kept, total, -np.inf)
            best = np.arange(len(total))
            if len(total) > k:  # every vacancy scoring at least the k-th best, ties included
                best = np.flatnonzero(total >= -np.partition(-total, k - 1)[k - 1])
            rows = segment.order[positions[best]]
            found += [
                (total[i], str(segment.table.ids[row]), values[i] * weights)
                for i, row in zip(best, rows, strict=True)
                if np.isfinite(total[i])
            ]
        found.sort(key=lambda item: (-item[0], item[1]))
        return [Recommendation(vacancy_id, float(score), parts) for score, vacancy_id, parts in found[:k]]

    def _places_for(self, seeker: Seekers, segment: Segment, province_wide: bool) -> np.ndarray:
        if province_wide:
            return np.arange(len(self.places))
        if seeker.has_accept[0]:
            return np.flatnonzero(accepted_mask(seeker.accept[:1], len(self.places))[0])
        radius = seeker.commute_radius_km[0]
        radius = self.config.default_commute_radius_km if np.isnan(radius) else radius
        distance = haversine_km(seeker.longitude[0], seeker.latitude[0], self.places.longitude, self.places.latitude)
        return np.flatnonzero(distance - segment.spread - kernels.MARGIN_KM <= radius)

    def _context(self, seeker: Seekers, segment: Segment) -> PairContext:
        seeker_titles = self.text.title_vectors(seeker.title.values)
        radius = np.where(
            np.isnan(seeker.commute_radius_km), self.config.default_commute_radius_km, seeker.commute_radius_km
        )
        width = len(self.text.skills)
        context = PairContext(
            seekers=seeker,
            vacancies=segment.table,
            config=self.config,
            today=self.today,
            places=self.places,
            text=self.text,
            seeker_titles=seeker_titles,
            vacancy_titles=segment.titles,
            seeker_skills=pad_width(self.text.skill_vectors(seeker.skills), width),
            vacancy_skills=segment.skills_of_width(width),
            key_priority=key_priorities(seeker.key_groups, self.config),
            vacancy_ok=segment.valid & segment.alive,
            radius_km=radius,
        )
        context.keep_vacancy_arrays(segment.kernel_side(context))
        return context


def _take(table: Vacancies, rows: np.ndarray) -> Vacancies:
    """The given rows of a table."""
    columns = {
        name: getattr(table, name)[rows] for name in Vacancies.__dataclass_fields__ if name not in ("title", "skills")
    }
    titles = Labels([*table.title.values], table.title.codes[rows])
    skills = Tokens.from_lists([table.skills.row(i) for i in rows])
    return Vacancies(title=titles, skills=skills, **columns)
