"""OCR speed and memory on the synthetic offer screenshots (issue 9): cold, warm, peak memory.

Run: .venv/bin/python bench/ocr.py [--repeat 5] [--threads N]   (prints figures; nothing passes or fails)

Cold is the first ``read_offer`` of a fresh process: importing RapidOCR and ONNX
Runtime, loading the three models, and one screenshot. Warm is the median of
``--repeat`` reads of each screenshot afterwards. Memory is the peak resident set
size (``resource.getrusage(...).ru_maxrss``), which counts ONNX Runtime's native
buffers; tracemalloc would see only Python's allocations and miss most of it.
The target (issue 9) is ≤ 1.5 s warm on 2 cores.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.ocr import OcrError, engine, read_offer  # noqa: E402
from tests.ocr.screens import SCREENS, TODAY, WIDTH, cjk_font, font_at  # noqa: E402

PHONE_HEIGHT = 2400  # a 1080 × 2400 phone screenshot (20:9)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def full_phone_screen(data: bytes) -> bytes:
    """The screen on a whole 1080 × 2400 phone screenshot: same text, more pixels to search."""
    screen = Image.open(io.BytesIO(data)).convert("RGB")
    page = Image.new("RGB", (WIDTH, PHONE_HEIGHT), screen.getpixel((5, screen.height - 5)))
    page.paste(screen, (0, 0))
    return png(page)


def dense_page() -> bytes:
    """A phone screenshot packed with 50 lines of small text: the most a real page asks of OCR."""
    page = Image.new("RGB", (WIDTH, PHONE_HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    rows = ["借款金额 10,000.00元 借款期限 12期", "日利率 0.04% 年化利率(单利) 14.60%",
            "服务费 300元 到账金额 9,700.00元"]
    for i in range(50):
        draw.text((40, 20 + i * 47), f"{i + 1:02d} " + rows[i % 3], fill="black", font=font_at(32))
    return png(page)


def box_grid() -> bytes:
    """400 short numbers in a grid: more boxes than MAX_BOXES, the longest one read can take."""
    page = Image.new("RGB", (WIDTH, PHONE_HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    for row in range(40):
        for col in range(10):
            draw.text((20 + col * 106, 20 + row * 59), f"{row * 10 + col:03d}元", fill="black", font=font_at(28))
    return png(page)


def noise() -> bytes:
    """Random pixels over a whole phone screenshot: no text, all texture."""
    pixels = np.random.default_rng(0).integers(0, 256, (PHONE_HEIGHT, WIDTH, 3), dtype=np.uint8)
    return png(Image.fromarray(pixels))


def timed(data: bytes) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        reading = read_offer(data, timeout=600, today=TODAY)
        outcome = f"{len(reading.fields)} fields"
    except OcrError as exc:
        outcome = exc.code
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm reads per screenshot (median shown)")
    parser.add_argument("--threads", type=int, default=engine.THREADS,
                        help=f"ONNX Runtime threads per inference (default {engine.THREADS}; 0 = one per core)")
    args = parser.parse_args()
    if cjk_font() is None:
        sys.exit("no CJK font to draw the screenshots with: apt-get install fonts-noto-cjk")
    engine.THREADS = args.threads or None

    cases = [(s.name, s.png) for s in SCREENS]
    cases += [(f"{SCREENS[0].name} (1080×{PHONE_HEIGHT})", full_phone_screen(SCREENS[0].png)),
              ("dense page, 50 lines (1080×2400)", dense_page()), ("grid of 400 numbers (1080×2400)", box_grid()),
              ("random noise (1080×2400)", noise())]
    print(f"OCR bench — Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"ONNX Runtime threads: {args.threads or 'one per core'}, {args.repeat} warm reads each")
    print(f"peak RSS before the engine: {peak_mb():.0f} MB (Python, Flask app modules, Pillow, numpy, drawn screens)")

    cold, outcome = timed(cases[0][1])
    print(f"cold: {cold:.2f} s (import + model load + first screenshot: {outcome}); peak RSS {peak_mb():.0f} MB")

    print(f"{'screenshot':<44} {'size':>10} {'warm s':>7} {'min s':>6}  outcome")
    medians = []
    for name, data in cases:
        size = "×".join(map(str, Image.open(io.BytesIO(data)).size))
        runs = [timed(data) for _ in range(args.repeat)]
        median = statistics.median(t for t, _ in runs)
        if name in {s.name for s in SCREENS}:
            medians.append(median)
        print(f"{name:<44} {size:>10} {median:>7.2f} {min(t for t, _ in runs):>6.2f}  {runs[-1][1]}")
    print(f"warm, median over the {len(medians)} offer screens: {statistics.median(medians):.2f} s (target ≤ 1.5 s)")
    print(f"peak RSS: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
