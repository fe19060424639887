"""The OCR engine (RapidOCR, PP-OCR models shipped in the wheel): one per process, on one thread.

Every recognition runs on a single worker thread per process, which creates the
engine on first use and reuses it. The caller waits at most ``timeout`` seconds,
then gets ``too_slow`` and its web worker is free at once.

What bounds the CPU an abandoned job goes on using: a thread cannot be killed,
so the job itself looks at its deadline before decoding, before detection and
after every REC_CHUNK text boxes, and stops there. Its longest stretch without
a look is one detection (at most MAX_OCR_PIXELS, about 1 s) or one chunk (about
0.5–1 s). With one thread per process, at most one such job runs per process,
and queued jobs whose caller has gone are dropped unstarted. A process pool
could be killed outright, but costs a second copy of the models (~150 MB) per
web worker, a model reload after each kill and the image pickled across
processes; the checkpoints give nearly the same bound for none of that.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from .errors import OcrError
from .image import decode
from .reading import Line

TIME_LIMIT = 10.0  # seconds a request waits: a screenshot takes ~1 s warm, a cold start ~1 s more
MAX_BOXES = 300  # text boxes recognised per image: a dense offer page has under 100
REC_CHUNK = 12  # text boxes recognised between two looks at the deadline
MIN_SCORE = 0.5  # RapidOCR's own default: below it a box's text is noise
# ONNX Runtime threads per inference. Its default, one spinning thread per core, was 2× slower
# than one thread whenever the cores were busy with other work, and only ~15% faster on an
# idle 2-core machine; a web server's cores are rarely idle. bench/ocr.py --threads compares.
THREADS: int | None = 1

T = TypeVar("T")

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_owner_pid: int | None = None
_engine = None  # created on the OCR thread only, so never by two threads at once


def _thread_pool() -> ThreadPoolExecutor:
    """This process's OCR thread; a process forked from a parent that had one gets its own."""
    global _executor, _owner_pid, _engine
    with _lock:
        if _executor is None or _owner_pid != os.getpid():
            # After a fork the parent's thread does not exist here, and ONNX Runtime
            # sessions do not survive a fork either: start both afresh.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loanlens-ocr")
            _owner_pid = os.getpid()
            _engine = None
        return _executor


def _get_engine():
    global _engine
    if _engine is None:
        # ONNX Runtime ≥ 1.29 on Linux queues usage telemetry (host, OS, paths, a device id) in
        # ~/.cache and uploads it; a server reading borrowers' screenshots sends nothing out.
        # It reads the switch once, when its environment is created: before the import.
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise OcrError("unavailable") from None
        # max_side_len: RapidOCR would shrink a tall screenshot to 2,000 px and its text with it;
        # decode() has already bounded the size, so this limit must never bite.
        options = {"det_max_candidates": MAX_BOXES, "text_score": MIN_SCORE, "max_side_len": 100_000}
        if THREADS:
            options["intra_op_num_threads"] = THREADS
        try:
            _engine = RapidOCR(**options)
        except Exception:
            raise OcrError("unavailable") from None
    return _engine


def run_on_ocr_thread(job: Callable[[], T], timeout: float) -> T:
    """``job()`` on the OCR thread; ``OcrError("too_slow")`` if it has not finished in ``timeout`` s."""
    future: Future[T] = _thread_pool().submit(job)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        future.cancel()  # drops the job if it has not started; a running one finishes unobserved
        raise OcrError("too_slow", seconds=timeout) from None


def recognise(data: bytes, timeout: float = TIME_LIMIT) -> tuple[list[Line], bool]:
    """Decode ``data`` and read its text lines (boxes in the upload's pixels); True if it was cropped."""
    deadline = time.monotonic() + timeout
    return run_on_ocr_thread(lambda: _recognise(data, deadline), timeout)


def warm_up(timeout: float = 60.0) -> None:
    """Load the models now (e.g. after a web worker forks) instead of on the first upload."""
    run_on_ocr_thread(_get_engine, timeout)


class Abandoned(Exception):
    """The caller stopped waiting: stop spending CPU on its image."""


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise Abandoned


def _recognise(data: bytes, deadline: float) -> tuple[list[Line], bool]:
    _check(deadline)
    image = decode(data)
    engine = _get_engine()
    _check(deadline)
    # Only this thread uses the engine, so its recogniser can be swapped for this one job.
    recognise_text = engine.text_rec
    engine.text_rec = until(deadline, recognise_text)
    try:
        # use_cls=False: the 180° classifier is for photos; a screenshot is upright.
        result, _elapsed = engine(image.pixels, use_cls=False)
    finally:
        engine.text_rec = recognise_text
        _give_back_memory()
    lines = []
    for quad, text, score in result or ():
        xs = [p[0] / image.scale for p in quad]
        ys = [p[1] / image.scale for p in quad]
        box = (round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1))
        lines.append(Line(text=text, box=box, score=round(float(score), 3)))
    return lines, image.cropped


def until(deadline: float, recognise_text):
    """RapidOCR's text recogniser fed REC_CHUNK boxes at a time, ``Abandoned`` once past ``deadline``."""

    def run(crops, *args):
        results, seconds = [], 0.0
        for start in range(0, len(crops), REC_CHUNK):
            _check(deadline)
            chunk_results, chunk_seconds = recognise_text(crops[start:start + REC_CHUNK], *args)
            results += chunk_results
            seconds += chunk_seconds
        return results, seconds

    return run


def _give_back_memory() -> None:
    """Return freed buffers to the OS: glibc keeps ONNX Runtime's (~250 MB after one screenshot)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc only; elsewhere there is nothing to call
    except (OSError, AttributeError):
        return
    trim(0)
