"""Ingest from real image files: versions, renditions, bad names, bad files, duplicates."""

import io

from PIL import Image

from core.actors import SYSTEM
from core.models import Asset, AssetVersion, OutboxMessage, Rendition
from core.services import library, people, review


def test_master_becomes_version_1_with_renditions_for_the_lines_channels(studio):
    [outcome] = studio.ingest(studio.master("AC-100", "front"))
    assert outcome.ok and outcome.version == 1
    detail = library.show_asset(studio.actors["producer"], outcome.asset_id)
    channels = {r.channel for r in detail.versions[0].renditions}
    assert {"amazon", "instagram", "preview", "thumbnail"} <= channels
    amazon = next(r for r in detail.versions[0].renditions if r.channel == "amazon")
    assert amazon.file_name == "AC-100_2025-10_front_amazon.jpg"
    image = Image.open(io.BytesIO(studio.core.blobs.get(amazon.sha256)))
    assert image.format == "JPEG" and max(image.size) == 2000


def test_next_version_supersedes_the_previous_one(studio):
    [first] = studio.ingest(studio.master("AC-100", "front", seed=1))
    review.decide(studio.actors["reviewer"], first.asset_id, 1, "changes_requested", "cli", "dark")
    [second] = studio.ingest(studio.master("AC-100", "front", seed=2, shift=50))
    assert (second.asset_id, second.version) == (first.asset_id, 2)
    statuses = [v.status for v in library.show_asset(SYSTEM, first.asset_id).versions]
    assert statuses == ["superseded", "in_review"]


def test_identical_master_creates_no_new_version(studio):
    path = studio.master("AC-100", "front")
    studio.ingest(path)
    [again] = studio.ingest(path)
    assert again.ok and again.version == 1 and "identical to v1" in again.warnings[0]
    assert AssetVersion.select().count() == 1


def test_bad_files_fail_alone_and_the_others_go_on(studio):
    good = studio.master("AC-100", "front")
    misnamed = studio.folder / "ac100-2025-10-back.jpg"
    misnamed.write_bytes(good.read_bytes())
    text = studio.folder / "AC-100_2025-10_back_master.jpg"
    text.write_text("not an image at all")
    not_ordered = studio.master("AC-200", "back")
    outcomes = {o.file: o for o in studio.ingest(misnamed, text, not_ordered, good)}
    assert outcomes[good.name].ok
    assert "did you mean AC-100_2025-10_back_master.jpg?" in outcomes[misnamed.name].error
    assert not outcomes[text.name].ok and "image" in outcomes[text.name].error.lower()
    assert "AC-200 back is not in order" in outcomes[not_ordered.name].error
    assert Asset.select().count() == 1 and AssetVersion.select().count() == 1


def test_ingest_queues_one_email_per_reviewer_who_wants_email(studio):
    people.add_user(SYSTEM, "second@acme.test", "Second", "reviewer", "acme")
    people.update_user(SYSTEM, "second@acme.test", active=False)
    [outcome] = studio.ingest(studio.master("AC-100", "front"))
    keys = [m.idempotency_key for m in OutboxMessage.select().where(
        OutboxMessage.kind == "email.version")]
    reviewer = studio.actors["reviewer"].user_id
    version = AssetVersion.get(AssetVersion.asset == outcome.asset_id).id
    assert keys == [f"email.version:{version}:{reviewer}"]


def test_near_duplicate_of_another_asset_is_named(studio):
    studio.ingest(studio.master("AC-100", "front", seed=5))
    duplicate = studio.folder / "AC-100_2025-10_back_master.jpg"
    duplicate.write_bytes(studio.master("AC-100", "front", seed=5).read_bytes())
    [outcome] = studio.ingest(duplicate)
    assert outcome.ok
    assert any("looks like AC-100 front" in w for w in outcome.warnings)


def test_renditions_are_content_addressed_blobs_that_exist(studio):
    studio.ingest(studio.master("AC-100", "front"), studio.master("AC-100", "back", 3))
    for rendition in Rendition.select():
        assert studio.core.blobs.exists(rendition.sha256)
    for version in AssetVersion.select():
        assert studio.core.blobs.exists(version.master_sha256)


def test_rendering_on_several_cores_commits_every_file_in_order(studio):
    from core.services import ingest

    paths = [studio.master("AC-100", "front", 1), studio.master("AC-100", "back", 2),
             studio.master("AC-200", "front", 3)]
    bad = studio.folder / "AC-100_2025-10_side_master.jpg"  # not in the order
    bad.write_bytes(paths[0].read_bytes())
    seen = []
    outcomes = ingest.ingest_paths(studio.core, studio.actors["retoucher"], studio.order_id,
                                   [*paths, bad], lambda done, total, o: seen.append(done),
                                   workers=2)
    assert [o.file for o in outcomes] == [p.name for p in [*paths, bad]]  # as given, in order
    assert [o.ok for o in outcomes] == [True, True, True, False]
    assert seen == [1, 2, 3, 4]
    assert AssetVersion.select().count() == 3 and Rendition.select().count() > 9
