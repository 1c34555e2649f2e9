"""The spool of held requests: on disk before the caller goes on, in the outbox once each."""

from __future__ import annotations

import threading

import pytest

from core.models import OutboxMessage
from core.services.inbox import Held, Spool


def _hold_from_threads(spool: Spool, threads: int, each: int) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def hold(worker: int) -> None:
        start.wait()
        for number in range(each):
            try:
                spool.hold(Held("test.kind", {"worker": worker, "n": number},
                                f"w{worker}-{number}", f"w{worker}"))
            except OSError as err:
                errors.append(err)

    pool = [threading.Thread(target=hold, args=(w,)) for w in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return errors


def test_concurrent_holds_share_writes_and_keep_each_threads_order(core, tmp_path):
    spool = Spool(tmp_path / "spool")
    assert _hold_from_threads(spool, threads=20, each=25) == []
    files = list(spool.folder.glob("*.json"))
    assert len(files) < 500  # requests arriving together were written together
    assert spool.waiting() == 500
    assert spool.take_in() == 500 and spool.waiting() == 0
    rows = OutboxMessage.select().order_by(OutboxMessage.id)
    for worker in range(20):
        numbers = [r.payload["n"] for r in rows if r.payload["worker"] == worker]
        assert numbers == list(range(25))  # each caller's requests in the order it made them


def test_a_failed_write_fails_every_request_it_carried_and_stores_none(core, tmp_path,
                                                                        monkeypatch):
    import core.services.inbox as inbox

    def full(target, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(inbox, "write_durably", full)
    spool = Spool(tmp_path / "spool")
    errors = _hold_from_threads(spool, threads=5, each=4)
    assert len(errors) == 20
    assert spool.take_in() == 0


def test_taking_in_twice_queues_each_request_once(core, tmp_path):
    spool = Spool(tmp_path / "spool")
    spool.hold(Held("test.kind", {}, "only-once"))
    copy = next(spool.folder.glob("*.json"))
    (spool.folder / f"9{copy.name}").write_bytes(copy.read_bytes())  # read by two serves
    assert spool.take_in() == 1
    assert OutboxMessage.select().count() == 1


@pytest.mark.parametrize("garbage", [b"{not json", b'[{"kind": "x"}]'])
def test_an_unreadable_file_is_set_aside_not_retried(core, tmp_path, garbage):
    spool = Spool(tmp_path / "spool")
    spool.folder.mkdir()
    (spool.folder / "1.json").write_bytes(garbage)
    assert spool.take_in() == 0
    assert [p.name for p in spool.folder.iterdir()] == ["1.unreadable"]
