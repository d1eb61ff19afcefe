"""The OCR engine: RapidOCR's PP-OCR models (shipped inside the rapidocr-onnxruntime wheel, run by
onnxruntime on the CPU), each text line with its box and how sure the model was of each character.

Finding text (detection) is run on the page shrunk to DETECT_SIDE pixels on its longer side: it
costs about a quarter of the full-size run and finds the same lines on report pages. Reading
(recognition) runs on crops of the full-size image, so small digits keep their pixels. One engine
per process, made on first use (onnxruntime's threads do not survive a fork) and single-threaded:
--workers decides how many cores read pages, not onnxruntime.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

DETECT_SIDE = 1400  # pixels on the longer side of the page detection sees
STRETCH = 1.3  # a crop is read this many times wider than its height scaled to the model's
RESTRETCH = 1.7  # … and this many times when a figure is read again
_STEP = 32  # crop widths rounded up to this, so that crops of one width share a batch
_BATCH = 16
MIN_SCORE = 0.5  # a line read with less mean confidence is noise (specks, stamps), dropped


@dataclass
class Line:
    """A text line as OCR read it: text, box (x0, top, x1, bottom) in image pixels, and the least
    confidence (0–1) of its digits, or of any character when it has none. A figure's separators
    do not count: a misread comma or point leaves no amount the strict number format accepts."""
    text: str
    box: tuple[float, float, float, float]
    sure: float


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)


def detect(image: np.ndarray) -> list[tuple[float, float, float, float]]:
    """The boxes of the text lines on a grey page image, top to bottom, in its pixels."""
    import cv2

    engine = _engine()
    factor = min(1.0, DETECT_SIDE / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else image
    quads, _ = engine.text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    if quads is None or not len(quads):
        return []
    boxes = [(q[:, 0].min() / factor, q[:, 1].min() / factor, q[:, 0].max() / factor, q[:, 1].max() / factor)
             for q in np.asarray(quads)]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def read(image: np.ndarray, boxes: list[tuple[float, float, float, float]]) -> list[Line]:
    """Each box of the grey image read as one line; boxes that read as nothing are left out."""
    crops, kept = _crops(image, boxes)
    lines = []
    for box, (text, chars) in zip(kept, _recognise(crops, STRETCH)):
        if text.strip() and float(np.mean(chars)) >= MIN_SCORE:
            digits = [p for ch, p in zip(text, chars) if ch.isdigit()] or chars
            lines.append(Line(text.strip(), box, float(min(digits))))
    return lines


def reread(image: np.ndarray, lines: list[Line]) -> list[str]:
    """The lines read again, stretched otherwise: a second reading that agrees with the first
    vouches for it (the model's doubt is mostly whether two frames are one digit or two)."""
    crops, _ = _crops(image, [line.box for line in lines])
    return [text.strip() for text, _ in _recognise(crops, RESTRETCH)]


def _crops(image: np.ndarray, boxes: list) -> tuple[list[np.ndarray], list[tuple]]:
    height, width = image.shape[:2]
    crops, kept = [], []
    for box in boxes:
        x0, top, x1, bottom = (int(round(v)) for v in box)
        x0, top, x1, bottom = max(0, x0), max(0, top), min(width, x1), min(height, bottom)
        if x1 - x0 >= 3 and bottom - top >= 3:
            crops.append(image[top:bottom, x0:x1])
            kept.append((float(x0), float(top), float(x1), float(bottom)))
    return crops, kept


def _recognise(crops: list[np.ndarray], stretch: float) -> list[tuple[str, list[float]]]:
    """(text, each character's confidence) for each grey crop. Crops are scaled to the model's
    height and `stretch` times their width, and run in batches of one width (padding a short crop
    to the batch's widest, as RapidOCR does, cost two thirds of the time on table pages)."""
    import cv2

    recogniser = _engine().text_rec
    height = recogniser.rec_image_shape[1]
    widths = [max(_STEP, math.ceil(height * c.shape[1] / c.shape[0] * stretch / _STEP) * _STEP) for c in crops]
    order = sorted(range(len(crops)), key=widths.__getitem__)
    out: list = [None] * len(crops)
    start = 0
    while start < len(order):
        width = widths[order[start]]
        group = [i for i in order[start:start + _BATCH] if widths[i] == width]
        start += len(group)
        batch = np.zeros((len(group), 3, height, width), np.float32)
        for j, i in enumerate(group):
            crop = crops[i]
            scaled = min(width, math.ceil(height * crop.shape[1] / crop.shape[0] * stretch))
            batch[j, :, :, :scaled] = cv2.resize(crop, (scaled, height)).astype(np.float32) / 127.5 - 1
        preds = recogniser.session(batch)[0]
        for i, (text, _, detail) in zip(group, recogniser.postprocess_op(preds, True, wh_ratio_list=[1] * len(group),
                                                                         max_wh_ratio=1)):
            out[i] = (text, detail[4] or [0.0])
    return out
