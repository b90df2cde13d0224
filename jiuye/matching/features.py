"""Column-oriented inputs of the engine: `Seekers` and `Vacancies`, one numpy array (or factorised column) per field.

The Django side builds them from the database (only active seekers, the vacancies it wants considered); analysts
build them from CSV files (`jiuye.matching.csvio`). Unknown values are NaN (numbers), -1 (ranks, codes) or NaT
(dates); each part of the score then takes its configured "unknown" value instead of guessing.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jiuye.matching.geo import Places, load_places
from jiuye.matching.occupations import infer_codes, occupation_levels
from jiuye.matching.text import Labels, Tokens, normalise

#: Education codes from low to high (jiuye.reference.enums.EducationLevel); the rank is the position here.
EDUCATION_LEVELS = (
    "primary",
    "junior_secondary",
    "senior_secondary",
    "vocational_secondary",
    "junior_college",
    "bachelor",
    "master",
    "doctorate",
)
#: Key groups (jiuye.reference.enums.KeyGroup) as bits of ``Seekers.key_groups``.
KEY_GROUPS = (
    "unplaced_graduate",
    "urban_youth",
    "veteran",
    "migrant_worker",
    "rural_transfer_worker",
    "poverty_alleviated",
    "hard_to_employ",
    "disabled_person",
    "zero_employment_household",
    "unemployment_registration",
)
ACCEPT_WORDS = 4  # 256 bits: enough for Shanxi's 128 counties and cities


def education_ranks(codes: Sequence[str | None]) -> np.ndarray:
    """Ranks of education codes (-1 for missing); ValueError naming an unknown code."""
    ranks = {code: rank for rank, code in enumerate(EDUCATION_LEVELS)}
    normalised = [normalise(c) for c in codes]
    unknown = sorted({c for c in normalised if c and c not in ranks})
    if unknown:
        raise ValueError(f"未知的学历代码：{'、'.join(unknown)}")
    return np.array([ranks[c] if c else -1 for c in normalised], dtype=np.int8)


def key_group_bits(groups: Sequence[Sequence[str]]) -> np.ndarray:
    bits = {code: 1 << i for i, code in enumerate(KEY_GROUPS)}
    return np.array([sum(bits[g] for g in set(row)) for row in groups], dtype=np.int32)


def _floats(values, n: int) -> np.ndarray:
    return np.full(n, np.nan) if values is None else np.asarray(values, dtype=np.float64)


def _dates(values, n: int) -> np.ndarray:
    return np.full(n, np.datetime64("NaT"), "datetime64[D]") if values is None else np.asarray(values, "datetime64[D]")


def _coordinates(places: Places, place: np.ndarray, longitude, latitude) -> tuple[np.ndarray, np.ndarray]:
    """Own coordinates where given, the place's seat otherwise."""
    lon, lat = _floats(longitude, len(place)), _floats(latitude, len(place))
    missing = np.isnan(lon) | np.isnan(lat)
    lon[missing], lat[missing] = places.longitude[place[missing]], places.latitude[place[missing]]
    return lon, lat


def _accept_bits(accepted: Sequence[Sequence[str] | None] | None, n: int, places: Places) -> np.ndarray:
    """Bitsets of the places each seeker accepts (codes are prefixes: a city accepts all its counties)."""
    bits = np.zeros((n, ACCEPT_WORDS), dtype=np.uint64)
    for row, prefixes in enumerate(accepted or []):
        for place in places.matching_prefixes(list(prefixes or [])):
            bits[row, place // 64] |= np.uint64(1) << np.uint64(place % 64)
    return bits


def accepted_mask(bits: np.ndarray, n_places: int) -> np.ndarray:
    """Rows of place bitsets (as `_accept_bits` writes them) as rows x places booleans: the one decoding of the
    bits outside the kernels (`jiuye.matching.kernels.place_accepted` reads one bit per pair)."""
    as_bytes = np.ascontiguousarray(bits, dtype="<u8").view(np.uint8)  # bit p of a row: byte p // 8, bit p % 8
    return np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :n_places].astype(bool)


@dataclass
class Seekers:
    """Active job seekers. ``accept`` holds place bitsets; a seeker with none uses ``commute_radius_km`` (NaN:
    the configured default) around ``longitude``/``latitude`` (the address, or the county seat)."""

    ids: np.ndarray
    title: Labels
    skills: Tokens
    place: np.ndarray
    longitude: np.ndarray
    latitude: np.ndarray
    expected_wage: np.ndarray
    education: np.ndarray
    experience_years: np.ndarray
    occupation: np.ndarray  # n x 3: detail, minor, medium integers (occupations.occupation_levels)
    key_groups: np.ndarray
    accept: np.ndarray
    has_accept: np.ndarray
    commute_radius_km: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        *,
        ids: Sequence,
        titles: Sequence[str],
        skills: Sequence[Sequence[str]] | Sequence[str] | Tokens,
        region_codes: Sequence[str],
        expected_wage=None,
        education: Sequence[str | None] | None = None,
        experience_years=None,
        occupation_codes: Sequence[str] | None = None,
        key_groups: Sequence[Sequence[str]] | None = None,
        accepted_regions: Sequence[Sequence[str] | None] | None = None,
        commute_radius_km=None,
        longitude=None,
        latitude=None,
        places: Places | None = None,
    ) -> "Seekers":
        places = places or load_places()
        n = len(ids)
        accept = _accept_bits(accepted_regions, n, places)
        return cls(
            **_common_columns(
                places,
                ids,
                titles,
                skills,
                region_codes,
                education,
                experience_years,
                occupation_codes,
                (longitude, latitude),
            ),
            expected_wage=_floats(expected_wage, n),
            key_groups=key_group_bits(key_groups or [()] * n),
            accept=accept,
            has_accept=accept.any(axis=1),
            commute_radius_km=_floats(commute_radius_km, n),
        )


@dataclass
class Vacancies:
    """Vacancies; only ``is_open`` ones whose ``valid_until`` has not passed are recommended (hard filter)."""

    ids: np.ndarray
    title: Labels
    skills: Tokens
    place: np.ndarray
    longitude: np.ndarray
    latitude: np.ndarray
    wage_min: np.ndarray
    wage_max: np.ndarray
    education: np.ndarray  # minimum rank required, -1: none
    experience_years: np.ndarray  # years required, NaN or 0: none
    occupation: np.ndarray
    posted: np.ndarray
    valid_until: np.ndarray
    is_open: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        *,
        ids: Sequence,
        titles: Sequence[str],
        skills: Sequence[Sequence[str]] | Sequence[str] | Tokens,
        region_codes: Sequence[str],
        wage_min=None,
        wage_max=None,
        education: Sequence[str | None] | None = None,
        experience_years=None,
        occupation_codes: Sequence[str] | None = None,
        posted=None,
        valid_until=None,
        is_open=None,
        longitude=None,
        latitude=None,
        places: Places | None = None,
    ) -> "Vacancies":
        places = places or load_places()
        n = len(ids)
        low, high = _floats(wage_min, n), _floats(wage_max, n)
        return cls(
            **_common_columns(
                places,
                ids,
                titles,
                skills,
                region_codes,
                education,
                experience_years,
                occupation_codes,
                (longitude, latitude),
            ),
            wage_min=np.where(np.isnan(low), high, low),
            wage_max=np.where(np.isnan(high), low, high),
            posted=_dates(posted, n),
            valid_until=_dates(valid_until, n),
            is_open=np.ones(n, dtype=bool) if is_open is None else np.asarray(is_open, dtype=bool),
        )


def _common_columns(
    places: Places, ids, titles, skills, region_codes, education, experience_years, occupation_codes, position
) -> dict:
    """The columns seekers and vacancies read alike: ids, title, skills, place and ``position`` (longitude,
    latitude: the place's seat where not given), education rank, experience years and occupation levels (codes
    missing are inferred from the title)."""
    n = len(ids)
    place = np.array([places.lookup(code) for code in region_codes], dtype=np.int32)
    lon, lat = _coordinates(places, place, *position)
    titles = [normalise(t) for t in titles]
    codes = infer_codes([normalise(c) for c in (occupation_codes or [""] * n)], titles)
    return {
        "ids": np.asarray(ids),
        "title": Labels.from_list(titles),
        "skills": _tokens(skills),
        "place": place,
        "longitude": lon,
        "latitude": lat,
        "education": education_ranks(education or [None] * n),
        "experience_years": _floats(experience_years, n),
        "occupation": occupation_levels(codes),
    }


def _tokens(skills) -> Tokens:
    if isinstance(skills, Tokens):
        return skills
    if len(skills) and isinstance(skills[0], str):
        return Tokens.from_strings(list(skills))
    return Tokens.from_lists([list(row) for row in skills])
