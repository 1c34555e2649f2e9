"""Renderers benchmark: one 24 MP studio master to 8 channel renditions + preview + thumbnail.

Compares (a) a naive Pillow loop (open, convert, LANCZOS resize, save, once per output),
(b) renderers.render_master and (c) pyvips when it is importable. Each variant runs in its
own subprocess so its peak RSS is its own; quality is luma PSNR of every rendition against
a full-resolution LANCZOS render of the same geometry. Run by hand:

    .venv/bin/python benchmarks/render.py            # about three minutes on 2 cores
    .venv/bin/python benchmarks/render.py --batch 20 --repeat 3   # quicker
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from renderers import load_channel_specs, render_master  # noqa: E402
from renderers.decode import decode  # noqa: E402
from renderers.encode import encode_within  # noqa: E402
from renderers.pipeline import compose, decode_working, prepare_working  # noqa: E402

CHANNELS = ROOT / "config" / "channels.toml"
OUTPUT_SIZES = {"preview": (1024, 1024), "thumbnail": (256, 256)}


# --- the master -----------------------------------------------------------------------------


def make_master(shape: str, width: int = 6000, height: int = 4000) -> bytes:
    """A packshot as a studio delivers it: near-white sweep (253 at the top to 250 at the
    bottom), soft contact shadow, a textured product with a printed label, lens softness,
    sensor noise, saved as a quality 95 JPEG. `shape` is "wide" (a bag) or "tall" (a bottle)."""
    sweep = Image.linear_gradient("L").resize((width, height)).point(lambda v: 253 - v * 3 // 255)
    image = Image.merge("RGB", (sweep, sweep, sweep))
    if shape == "wide":
        body = (0.13 * width, 0.34 * height, 0.87 * width, 0.86 * height)
        handle = (0.33 * width, 0.10 * height, 0.67 * width, 0.62 * height)
    else:
        body = (0.39 * width, 0.22 * height, 0.61 * width, 0.90 * height)
        handle = (0.46 * width, 0.10 * height, 0.54 * width, 0.30 * height)
    shadow = Image.new("L", (width // 8, height // 8), 0)
    ImageDraw.Draw(shadow).ellipse(
        (body[0] / 8, body[3] / 8 - height / 80, body[2] / 8, body[3] / 8 + height / 80), fill=40
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(height / 400)).resize((width, height))
    image.paste((200, 200, 200), mask=shadow)

    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    if shape == "wide":
        draw.ellipse(handle, outline=255, width=int(0.025 * height))
    else:
        draw.rectangle(handle, fill=255)
    draw.rounded_rectangle(body, radius=int(0.05 * height), fill=255)
    product = Image.new("RGB", (width, height), (120, 72, 40))
    weave = ImageDraw.Draw(product)
    for x in range(-height, width, 7):  # twill: fine diagonal ribs, a few pixels apart
        weave.line((x, 0, x + height, height), fill=(150, 96, 58), width=2)
    light = (
        Image.linear_gradient("L").rotate(90).resize((width, height)).point(lambda v: 150 + v // 3)
    )
    product = ImageChops.multiply(product, Image.merge("RGB", (light, light, light)))
    label = (int(body[0] + 0.3 * (body[2] - body[0])), int(body[1] + 0.2 * (body[3] - body[1])))
    font = ImageFont.load_default(int(0.012 * height))
    card = ImageDraw.Draw(product)
    card.rectangle(
        (*label, label[0] + int(0.22 * width), label[1] + int(0.2 * height)), fill=(245, 240, 230)
    )
    for line in range(9):
        card.text(
            (label[0] + 20, label[1] + 20 + line * int(0.018 * height)),
            "PROOFDESK ATELIER  No. 0427  100% LEATHER  MADE IN PORTUGAL",
            fill=(20, 20, 30),
            font=font,
        )
    for bar in range(0, int(0.2 * width), 9):  # a barcode: the sharpest detail in the frame
        card.rectangle(
            (
                label[0] + 20 + bar,
                label[1] + int(0.17 * height),
                label[0] + 22 + bar + bar % 4,
                label[1] + int(0.195 * height),
            ),
            fill=0,
        )
    image.paste(product, mask=mask)
    image = image.filter(ImageFilter.GaussianBlur(0.6))  # lens and demosaicing softness
    noise = Image.effect_noise((width, height), 64).point(lambda v: 128 + (v - 128) // 16)
    image = ImageChops.add(image, Image.merge("RGB", (noise, noise, noise)), offset=-128)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


# --- the variants, each run in a child process -----------------------------------------------


def naive_output(data: bytes, size: tuple[int, int], quality: int) -> bytes:
    """What a first script would do for one output: decode, convert, resize, save."""
    image = Image.open(io.BytesIO(data))
    rgb = image.convert("RGB")
    scale = min(size[0] / rgb.width, size[1] / rgb.height)
    resized = rgb.resize(
        (round(rgb.width * scale), round(rgb.height * scale)), Image.Resampling.LANCZOS
    )
    buffer = io.BytesIO()
    resized.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def run_naive(data: bytes) -> dict[str, bytes]:
    specs = load_channel_specs(CHANNELS).values()
    outputs = {spec.name: naive_output(data, spec.size, spec.quality) for spec in specs}
    for name, size in OUTPUT_SIZES.items():
        outputs[name] = naive_output(data, size, 85)
    return outputs


def run_proofdesk(data: bytes) -> dict[str, bytes]:
    result = render_master(data, list(load_channel_specs(CHANNELS).values()))
    outputs = {name: output.data for name, output in result.renditions.items()}
    outputs.update(preview=result.preview.data, thumbnail=result.thumbnail.data)
    return outputs


def run_pyvips(data: bytes) -> dict[str, bytes]:
    import pyvips  # optional: only run when importable

    specs = load_channel_specs(CHANNELS).values()
    sizes = {spec.name: (spec.size, spec.quality) for spec in specs}
    sizes.update({name: (size, 85) for name, size in OUTPUT_SIZES.items()})
    return {
        name: pyvips.Image.thumbnail_buffer(data, size[0], height=size[1]).write_to_buffer(
            f".jpg[Q={quality}]"
        )
        for name, (size, quality) in sizes.items()
    }


VARIANTS = {"naive": run_naive, "proofdesk": run_proofdesk, "pyvips": run_pyvips}


def child(variant: str, master: Path, out: Path, repeat: int) -> None:
    """Child process: render `repeat` times, keep the last outputs, print the timings (wall
    clock, and CPU time of all the process's threads)."""
    data = master.read_bytes()
    seconds, cpu_seconds = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        outputs = VARIANTS[variant](data)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
    out.mkdir(parents=True, exist_ok=True)
    for name, encoded in outputs.items():
        (out / f"{name}.jpg").write_bytes(encoded)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds}))


# Started for each variant: its getrusage(RUSAGE_CHILDREN) then covers that variant alone,
# and its own small size keeps the variant from inheriting this process's peak through fork.
_LAUNCHER = """
import json, resource, subprocess, sys
completed = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True, check=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({**json.loads(completed.stdout), "peak_rss_kb": peak}))
"""


def measure_variant(variant: str, master: Path, out: Path, repeat: int) -> dict:
    """Best time per master (wall and CPU) and peak RSS of one variant, in a fresh process."""
    command = [sys.executable, __file__, "--child", variant, str(master), str(out), str(repeat)]
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command], stdout=subprocess.PIPE, text=True, check=True
    )
    result = json.loads(launched.stdout)
    return {
        "seconds": min(result["seconds"]),
        "cpu_seconds": min(result["cpu_seconds"]),
        "peak_rss_mb": result["peak_rss_kb"] / 1024,
    }


# --- quality ---------------------------------------------------------------------------------


def luma_psnr(a: Image.Image, b: Image.Image) -> float:
    histogram = ImageChops.difference(a.convert("L"), b.convert("L")).histogram()
    mse = sum(count * value * value for value, count in enumerate(histogram)) / (a.width * a.height)
    return math.inf if mse == 0 else 10 * math.log10(255 * 255 / mse)


def quality_table(data: bytes, out: Path) -> list[tuple[str, float, float]]:
    """Per rendition: PSNR of Proofdesk's file, and of the same render done at full resolution
    and encoded identically, both against the unencoded full-resolution LANCZOS reference.
    The reference uses the product box Proofdesk found, so only resampling is compared."""
    specs = list(load_channel_specs(CHANNELS).values())
    ours = decode_working(data, specs, 10**9)[0]
    full = prepare_working(decode(data, 10**9, 1.0))
    box = tuple(round(edge / ours.scale) for edge in ours.box)
    full = dataclasses.replace(full, box=box)
    rows = []
    for spec in specs:
        reference, _ = compose(full, spec, reducing_gap=None)
        encoded, _ = encode_within(
            reference,
            spec.format,
            spec.quality,
            max_bytes=spec.max_bytes,
            min_quality=spec.min_quality,
        )
        rendition = Image.open(out / f"{spec.name}.jpg")
        encoded_reference = Image.open(io.BytesIO(encoded))
        rows.append(
            (spec.name, luma_psnr(rendition, reference), luma_psnr(encoded_reference, reference))
        )
    return rows


# --- batch -----------------------------------------------------------------------------------


def _render_file(path: str) -> int:
    return len(run_proofdesk(Path(path).read_bytes()))


def batch(masters: list[Path], count: int, workers: int) -> float:
    """Masters per second over `count` renders spread across `workers` processes."""
    paths = [str(masters[index % len(masters)]) for index in range(count)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_render_file, paths[:workers]))  # start-up and imports not counted
        started = time.perf_counter()
        list(pool.map(_render_file, paths))
    return count / (time.perf_counter() - started)


def _spin(count: int) -> int:
    total = 0
    for value in range(count):
        total += value * value
    return total


def parallel_cpu_factor(workers: int) -> float:
    """How much CPU this machine really gives `workers` processes at once: 2.0 on two free
    cores, 1.0 when a container's CPU quota allows only one core's worth."""
    started = time.perf_counter()
    _spin(5_000_000)
    alone = time.perf_counter() - started
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_spin, [1] * workers))
        started = time.perf_counter()
        list(pool.map(_spin, [5_000_000] * workers))
    return workers * alone / (time.perf_counter() - started)


# --- report ----------------------------------------------------------------------------------


def report_variants(results: dict[str, dict]) -> None:
    """One line a variant; the ratios are against (a), the goals are (b)'s."""
    base = results["naive"]
    print("  variant     s/master  CPU s  masters/s  peak RSS MB  speed x  memory ratio")
    for variant, result in results.items():
        print(
            f"  {variant:<10} {result['seconds']:9.3f} {result['cpu_seconds']:6.2f}"
            f" {1 / result['seconds']:10.2f} {result['peak_rss_mb']:12.0f}"
            f" {base['seconds'] / result['seconds']:8.2f}"
            f" {result['peak_rss_mb'] / base['peak_rss_mb']:13.3f}"
        )
    print("  goals for proofdesk: speed x >= 4, memory ratio <= 0.333")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="renders per variant (best kept)")
    parser.add_argument("--batch", type=int, default=100, help="masters in the batch run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="proofdesk-bench-"))
    print(
        f"CPU cores: {os.cpu_count()}; Pillow {Image.__version__}; work folder {work}", flush=True
    )
    masters = {}
    for shape in ("wide", "tall"):
        print(f"making a 6000x4000 {shape} master...", flush=True)
        masters[shape] = work / f"master-{shape}.jpg"
        masters[shape].write_bytes(make_master(shape))
    try:
        import pyvips  # noqa: F401

        variants = ["naive", "proofdesk", "pyvips"]
    except ImportError:
        print("pyvips is not importable: variant (c) skipped", flush=True)
        variants = ["naive", "proofdesk"]

    for shape, master in masters.items():
        print(f"\n## {shape} product, {master.stat().st_size / 1e6:.1f} MB JPEG", flush=True)
        results = {}
        for variant in variants:
            print(f"  running {variant} x{args.repeat}...", flush=True)
            results[variant] = measure_variant(variant, master, work / shape / variant, args.repeat)
        report_variants(results)
        print("  rendition            PSNR dB  full-res+same encode dB  goal met")
        for name, ours, reference in quality_table(master.read_bytes(), work / shape / "proofdesk"):
            met = ours >= 45 or ours >= reference - 0.5
            print(f"  {name:<20} {ours:7.2f} {reference:24.2f}  {'yes' if met else 'NO'}")

    print(f"\nbatch: {args.batch} masters on {args.workers} worker processes...", flush=True)
    factor = parallel_cpu_factor(args.workers)
    rate = batch(list(masters.values()), args.batch, args.workers)
    print(
        f"  {rate:.2f} masters/s (this machine runs {args.workers} busy processes at "
        f"{factor:.2f}x the speed of one)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]))
    else:
        main()
