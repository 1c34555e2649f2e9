"""`proofdesk demo`: a small, realistic library to try Proofdesk on."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from core.actors import SYSTEM
from core.context import Core
from core.errors import Conflict
from core.services import brands, ingest, invoices, orders, people, review

from .settings import Settings

BRAND = "northwind"
BRIEF = Path(__file__).resolve().parents[1] / "docs" / "brief.toml"
PEOPLE = (
    ("admin@studio.example", "Sam Studio", "studio_admin", None),
    ("producer@studio.example", "Pat Producer", "producer", None),
    ("retoucher@studio.example", "Robin Retoucher", "retoucher", None),
    ("ana@northwind.example", "Ana Reviewer", "reviewer", BRAND),
    ("marc@northwind.example", "Marc Marketer", "marketer", BRAND),
    ("fin@northwind.example", "Fay Finance", "finance", BRAND),
)
PERIOD = "2025-10"


def master_image(seed: int, size: tuple[int, int] = (3600, 2700), shift: int = 0) -> bytes:
    """A product-like shape with a soft shadow on a near-white (250-254) studio sweep."""
    rng = random.Random(seed)
    width, height = size
    sweep = Image.linear_gradient("L").resize(size).point(lambda v: 250 + v * 4 // 255)
    img = Image.merge("RGB", (sweep, sweep, sweep))
    colour = tuple(rng.randrange(30, 200) for _ in range(3))
    half_w, half_h = width * rng.uniform(0.2, 0.3), height * rng.uniform(0.34, 0.42)
    centre_x, centre_y = width * rng.uniform(0.4, 0.6) + shift, height * rng.uniform(0.45, 0.55)
    box = (centre_x - half_w, centre_y - half_h, centre_x + half_w, centre_y + half_h)
    shadow = Image.new("L", size, 0)
    ImageDraw.Draw(shadow).ellipse((box[0], box[3] - 40, box[2], box[3] + 40), fill=90)
    img.paste((200, 200, 200), mask=shadow.filter(ImageFilter.GaussianBlur(25)))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle(box, radius=int(min(half_w, half_h) * rng.uniform(0.1, 0.9)),
                           fill=colour)
    light = tuple(min(255, c + 70) for c in colour)
    for _ in range(rng.randrange(1, 4)):  # labels, pockets, panels
        x, y = rng.uniform(box[0], centre_x), rng.uniform(box[1], centre_y)
        draw.rectangle((x, y, x + half_w * rng.uniform(0.3, 0.9), y + half_h * 0.3), fill=light)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def seed(core: Core, settings: Settings) -> None:
    """Create the demo library once; a second run says so and changes nothing."""
    try:
        brands.add_brand(SYSTEM, BRAND, "Northwind Outfitters", timezone="Europe/Berlin")
    except Conflict:
        print(f"demo library already in {settings.home}")
        return
    for email, name, role, brand in PEOPLE:
        people.add_user(SYSTEM, email, name, role, brand)
    admin = people.actor_for_email(PEOPLE[0][0])
    order = orders.create_order(core, admin, BRAND, BRIEF).order
    folder = settings.home / "demo-masters"
    folder.mkdir(parents=True, exist_ok=True)
    detail = orders.show_order(admin, order.id)
    shots = [r for r in detail.rows if r.angle == "front" or r.sku == "NW-1001"]
    for number, row in enumerate(shots):
        (folder / f"{row.sku}_{PERIOD}_{row.angle}_master.jpg").write_bytes(master_image(number))
    retoucher = people.actor_for_email(PEOPLE[2][0])
    outcomes = ingest.ingest_paths(core, retoucher, order.id, [folder], _say)
    _review_round(core, folder, order.id, outcomes, retoucher)
    invoices.add_invoice(admin, order.id, "INV-2025-0042", "4800.00", "EUR")
    print(f"\nDemo library ready in {settings.home}: brand {BRAND}, order {order.id}, "
          f"{len(outcomes)} masters.")
    for line in (
        "Try, in another terminal:",
        "  .venv/bin/proofdesk tui                     the admin desk (? lists the keys)",
        "  .venv/bin/proofdesk orders show 1           the brief's coverage matrix",
        "  .venv/bin/proofdesk assets list --brand northwind",
        "  .venv/bin/proofdesk --as marc@northwind.example assets list   (a marketer's view)",
        "  .venv/bin/proofdesk export --brand northwind /tmp/northwind-export",
        "  .venv/bin/proofdesk insights",
        f"Notification emails land in {settings.home / 'mail-drop'}; reply to one by sending",
        "mail to its Reply-To address through 127.0.0.1:2525 while serve runs.",
    ):
        print(line)


def _say(done: int, total: int, outcome: ingest.IngestOutcome) -> None:
    print(f"[{done}/{total}] {outcome.file}: "
          + (f"asset {outcome.asset_id} v{outcome.version}" if outcome.ok else outcome.error))


def _review_round(core: Core, folder: Path, order_id: int, outcomes, retoucher) -> None:
    """Comments, a change request answered by v2, and one approval."""
    reviewer = people.actor_for_email(PEOPLE[3][0])
    first, second = outcomes[0], outcomes[1]
    review.add_comment(reviewer, first.asset_id, "Lovely colour. Can the cuff be sharper?", "tui")
    review.decide(reviewer, first.asset_id, 1, "changes_requested", "cli",
                  "Sharpen the rib cuff and lift the shadow a little.")
    revised = folder / "revised" / first.file
    revised.parent.mkdir(exist_ok=True)
    revised.write_bytes(master_image(0, shift=40))
    ingest.ingest_paths(core, retoucher, order_id, [revised], _say)
    review.add_comment(retoucher, first.asset_id, "v2: cuff sharpened, shadow lifted.", "cli")
    review.decide(reviewer, second.asset_id, 1, "approved", "cli")
