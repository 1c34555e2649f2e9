"""The soak's short variant: a few seconds of everything at once, nothing lost or doubled."""

from benchmarks.soak import run


def test_a_short_soak_loses_nothing_and_never_locks(env):
    report = run(seconds=6, clients=2)
    assert report["errors"] == {}
    assert report["database_locked"] == 0 and report["serve_tracebacks"] == 0
    assert report["lost"] == 0 and report["duplicated"] == 0
    assert report["throughput_per_s"]["smtp reply"] > 0
    assert report["throughput_per_s"]["slack thread reply"] > 0
