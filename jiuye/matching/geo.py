"""Places (counties and cities with their seats) and great-circle distances, read from the reference CSV.

A *place* is a county (6-digit code) or, when a record only knows its city, the city (4 digits). Every record's
location is a place index; its coordinates are its own (an address) or the place's seat.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

REGIONS_CSV = Path(__file__).resolve().parents[1] / "reference" / "data" / "regions.csv"
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Places:
    """Counties and cities: ``codes[i]``, ``names[i]``, seat ``longitude[i]``/``latitude[i]``, ``city[i]`` (the
    index of the place's city, itself for a city) and ``index`` (code -> place index)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    longitude: np.ndarray
    latitude: np.ndarray
    city: np.ndarray
    index: dict[str, int]

    def __len__(self) -> int:
        return len(self.codes)

    def lookup(self, code: str) -> int:
        """The place index of a county or city code; KeyError when unknown."""
        return self.index[code.strip()]

    def matching_prefixes(self, prefixes: list[str]) -> np.ndarray:
        """Places whose code starts with one of ``prefixes`` (a county, a city or the province 14)."""
        return np.array([i for i, code in enumerate(self.codes) if any(code.startswith(p) for p in prefixes)], int)

    def seat_distances(self) -> np.ndarray:
        """Kilometres between every two seats (places x places)."""
        return haversine_km(
            self.longitude[:, None], self.latitude[:, None], self.longitude[None, :], self.latitude[None, :]
        )


@lru_cache(maxsize=1)
def load_places(path: Path = REGIONS_CSV) -> Places:
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["level"] in ("city", "county")]
    codes = tuple(row["code"] for row in rows)
    index = {code: i for i, code in enumerate(codes)}
    city = np.array([index[code[:4]] for code in codes], dtype=np.int32)
    return Places(
        codes=codes,
        names=tuple(row["name"] for row in rows),
        longitude=np.array([float(row["longitude"]) for row in rows]),
        latitude=np.array([float(row["latitude"]) for row in rows]),
        city=city,
        index=index,
    )


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (arrays broadcast)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(value, dtype=np.float64)) for value in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def unit_vectors(longitude, latitude) -> np.ndarray:
    """Points given in degrees as unit vectors (n x 3): the kernels' distances need no trigonometry per pair."""
    lon, lat = np.radians(np.asarray(longitude, dtype=np.float64)), np.radians(np.asarray(latitude, dtype=np.float64))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def place_spread_km(place: np.ndarray, longitude: np.ndarray, latitude: np.ndarray, places: Places) -> np.ndarray:
    """For each place, the farthest a record located there lies from the seat (0 when all sit at the seat).

    Used for bounds: two records in places a and b are at least ``seat_distance[a, b] - spread[a] - spread[b]``
    apart (triangle inequality), so whole place pairs can be ruled out without looking at records.
    """
    offset = haversine_km(longitude, latitude, places.longitude[place], places.latitude[place])
    spread = np.zeros(len(places))
    np.maximum.at(spread, place, offset)
    return spread
