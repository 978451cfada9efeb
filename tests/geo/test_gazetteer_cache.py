"""The gazetteer's on-disk cache: no pickle, atomic writes, only this user's own unshared file is read.

A small made-up index stands in for the real one (the real build takes tens of seconds), so no model is loaded.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from polemos.geo import _build, _cache, gazetteer
from polemos.geo._build import CITY, COUNTRY
from polemos.geo.gazetteer import cache_path

SRC = Path(__file__).resolve().parents[2] / "src" / "polemos"


def small_index() -> dict[str, Any]:
    return {
        "build_version": _build.BUILD_VERSION,
        "names": ["Lakeview", "Norland", "Zürichsee-Ost"],
        "gid": np.asarray([11, 22, -1], dtype=np.int64),
        "lat": np.asarray([10.5, 20.25, math.nan]),
        "lon": np.asarray([-3.0, 4.0, math.nan]),
        "pop": np.asarray([12_000, 5_000_000, 0], dtype=np.int64),
        "cc": np.asarray(["NL", "NL", ""], dtype="U2"),
        "adm": np.asarray([1, 0, 0], dtype=np.int32),
        "adm_codes": ["", "NL.01"],
        "adm_names": {"NL.01": "Lake Province"},
        "kind": np.asarray([CITY, COUNTRY, CITY], dtype=np.uint8),
        "feat": np.zeros(3, dtype=np.uint8),
        "flags": np.zeros(3, dtype=np.uint8),
        "keys": {"lakeview": 1, "norland": 3, "lake": (1, 2), "zurichsee ost": 5},
        "exact": {"NL": 3},
        "iso3_of": {"NL": "NLD"},
        "country_rec": {"NL": 1},
    }


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert sorted(a) == sorted(b)
    for k, v in a.items():
        if isinstance(v, np.ndarray):
            assert v.dtype == b[k].dtype and np.array_equal(v, b[k], equal_nan=v.dtype.kind == "f"), k
        else:
            assert v == b[k], k


class Planted:
    """Unpickling this runs ``os.mkdir(marker)``: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.fixture
def builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A private cache folder, and a builder that writes the small index there; returns the paths it built."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("POLEMOS_CACHE_DIR", str(folder))
    built: list[Path] = []

    def fake_build(path: Path) -> bool:
        built.append(path)
        _cache.write_index(path, small_index())
        return True

    monkeypatch.setattr(gazetteer, "_build_cache", fake_build)
    return built


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "g.npz"
    _cache.write_index(path, small_index())
    _same(small_index(), _cache.read_index(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["g.npz"]  # the temporary file was renamed, not left


def test_polemos_source_never_imports_a_pickle_loader() -> None:
    loaders = re.compile(r"^\s*(?:import|from)\s+(?:pickle|cPickle|dill|joblib|shelve|marshal)\b|allow_pickle=True",
                         re.MULTILINE)
    assert [p.relative_to(SRC) for p in SRC.rglob("*.py") if loaders.search(p.read_text(encoding="utf-8"))] == []


def test_a_planted_pickle_at_the_old_path_is_never_loaded(builds: list[Path]) -> None:
    new = cache_path()
    marker = new.parent / "pwned"
    old = new.with_suffix(".pkl")  # where the pickle cache used to live
    old.write_bytes(pickle.dumps(Planted(marker)))
    new.write_bytes(pickle.dumps(Planted(marker)))  # and a pickle under the new name too
    os.chmod(new, 0o600)
    gaz = gazetteer.load_gazetteer.__wrapped__()
    assert not marker.exists()
    assert gaz.names == small_index()["names"] and gaz.source == str(new)
    assert builds == [new]  # the pickle under the new name was refused (allow_pickle=False) and replaced
    _same(small_index(), _cache.read_index(new))
    with pytest.raises(ValueError, match="pickle"):
        _cache.read_index(old)  # even read directly, the loader refuses pickled data
    assert not marker.exists()


def test_a_cache_others_can_write_is_not_read_but_rebuilt(builds: list[Path]) -> None:
    path = cache_path()
    _cache.write_index(path, {**small_index(), "names": ["Tampered", "Norland", "X"]})
    os.chmod(path, 0o666)
    with pytest.raises(_cache.UnsafeCache, match="writable by group or others"):
        _cache.read_index(path)
    gaz = gazetteer.load_gazetteer.__wrapped__()
    assert gaz.names == small_index()["names"] and builds == [path]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_cache_of_another_user_or_not_a_file_is_refused(tmp_path: Path) -> None:
    other = os.stat_result((stat.S_IFREG | 0o600, 0, 0, 1, os.geteuid() + 1, 0, 0, 0, 0, 0))
    with pytest.raises(_cache.UnsafeCache, match="belongs to user id"):
        _cache.check_owner(other, tmp_path / "g.npz")
    with pytest.raises(_cache.UnsafeCache, match="not a regular file"):
        _cache.check_owner(os.stat(tmp_path), tmp_path)
    _cache.check_owner(os.stat_result((stat.S_IFREG | 0o644, 0, 0, 1, os.geteuid(), 0, 0, 0, 0, 0)), tmp_path)


def test_a_symlinked_or_corrupt_cache_is_rebuilt(builds: list[Path], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.npz"
    _cache.write_index(elsewhere, {**small_index(), "names": ["Elsewhere", "B", "C"]})
    path = cache_path()
    path.symlink_to(elsewhere)
    assert gazetteer.load_gazetteer.__wrapped__().names == small_index()["names"]  # the link is not followed
    assert not path.is_symlink() and elsewhere.exists()
    path.write_bytes(path.read_bytes()[:1000])  # a partial file
    os.chmod(path, 0o600)
    assert gazetteer.load_gazetteer.__wrapped__().names == small_index()["names"]
    assert builds == [path, path]


def test_an_index_of_another_format_or_build_is_rebuilt(builds: list[Path]) -> None:
    path = cache_path()
    _cache.write_index(path, {**small_index(), "build_version": _build.BUILD_VERSION - 1})
    assert gazetteer.load_gazetteer.__wrapped__().names == small_index()["names"] and builds == [path]


def test_the_cache_name_is_keyed_by_the_data_hash(builds: list[Path]) -> None:
    name = cache_path().name
    assert name.startswith("gazetteer-") and name.endswith(".npz") and len(name.split("-")[-1]) == len("0" * 16) + 4
