"""Real processes at once: concurrent ingests and readers, and kill -9 in mid-ingest."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from config.demo import master_image
from core.models import Asset, AssetVersion, Rendition

PROOFDESK = [sys.executable, "-m", "config.cli"]


def _run(env, *args, **kw) -> subprocess.Popen:
    return subprocess.Popen([*PROOFDESK, *map(str, args)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _masters(folder: Path, sku: str, angles=("front", "back"), seeds=range(3)) -> list[Path]:
    """Several versions per asset, each in its own numbered folder so they ingest in order."""
    paths = []
    for seed in seeds:
        for angle in angles:
            path = folder / f"{seed}" / f"{sku}_2025-10_{angle}_master.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(master_image(seed * 7 + len(angle), (900, 700), shift=seed * 30))
            paths.append(path)
    return paths


def test_two_ingests_and_a_reader_at_once_never_hit_a_locked_database(env, studio, tmp_path):
    env = {**env, "PROOFDESK_AS": ""}
    _masters(tmp_path / "a", "AC-100")
    _masters(tmp_path / "b", "AC-200", angles=("front",), seeds=range(5))
    reader = ("import sys; from config.cli import main\n"
              "for _ in range(40):\n"
              "    assert main(['assets', 'list', '--json']) == 0\n")
    procs = [_run(env, "ingest", "--order", studio.order_id, tmp_path / "a"),
             _run(env, "ingest", "--order", studio.order_id, tmp_path / "b"),
             subprocess.Popen([sys.executable, "-c", reader], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)]
    results = [(p.wait(timeout=240), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code == 0, err
        assert "locked" not in err
    assert AssetVersion.select().count() == 11
    assert sorted(a.current_number for a in Asset.select()) == [3, 3, 5]


def _check_whole_or_nothing(studio) -> None:
    for asset in Asset.select():
        versions = list(AssetVersion.select().where(AssetVersion.asset == asset))
        assert versions, "an asset without versions is visible"
        assert asset.current_version_id == max(versions, key=lambda v: v.number).id
        for version in versions:
            assert studio.core.blobs.exists(version.master_sha256)
            renditions = list(Rendition.select().where(Rendition.version == version))
            assert {r.channel for r in renditions} >= {"preview", "thumbnail"}
            assert all(studio.core.blobs.exists(r.sha256) for r in renditions)


def test_kill_9_during_ingest_leaves_whole_versions_or_nothing(env, studio, tmp_path):
    folder = tmp_path / "crash"
    _masters(folder, "AC-100", seeds=range(4))
    rng = random.Random(7)
    for _ in range(5):
        proc = _run(env, "ingest", "--order", studio.order_id, folder)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.kill()
        proc.wait()
        _check_whole_or_nothing(studio)
    proc = _run(env, "ingest", "--order", studio.order_id, folder)
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    _check_whole_or_nothing(studio)
    assert AssetVersion.select().count() == 8  # each distinct master once, whatever was killed
    shutil.rmtree(folder)
