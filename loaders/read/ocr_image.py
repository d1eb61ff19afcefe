"""A scanned page as pixels: rendered by PDFium at the scan's own resolution, straightened by its
ruling lines, and those lines found (OpenCV morphology) and taken out of the image OCR reads.

Ruling lines are what is left of the ink after an opening with a long thin kernel: runs of dark
pixels longer than any stroke of a character (LINE_INCHES). A scan tilted by half a degree still
keeps them (a 2-pixel line drifts one pixel in 230), and their slope gives the page's tilt; the
page is turned back before its tables are cut into cells, so rows and columns are straight.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DPI_RANGE = (150, 300)  # a scan is rendered at its own resolution, within this range
LINE_INCHES = 0.25  # a horizontal or vertical run of ink at least this long is a ruling line
MIN_TILT = 0.03  # degrees: a page tilted less is left as it is


@dataclass
class Page:
    """A page ready for OCR: grey pixels with the ruling lines, the lines' masks, the same pixels
    without the lines (what OCR reads), and how to map a pixel back to the page in points."""
    grey: np.ndarray
    horizontal: np.ndarray
    vertical: np.ndarray
    clean: np.ndarray
    dpi: float
    tilt: float  # degrees the scan was turned back by
    centre: tuple[float, float]

    def to_points(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A box of the straightened image as a box on the page as printed (points from its top
        left, as pdfplumber measures), its corners turned back with the scan's tilt."""
        x0, top, x1, bottom = box
        cx, cy = self.centre
        angle = math.radians(self.tilt)
        cos, sin = math.cos(angle), math.sin(angle)
        xs, ys = [], []
        for x, y in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            dx, dy = x - cx, y - cy
            xs.append(cx + dx * cos - dy * sin)
            ys.append(cy + dx * sin + dy * cos)
        k = 72 / self.dpi
        return tuple(round(float(v) * k, 2) for v in (min(xs), min(ys), max(xs), max(ys)))


def scan_dpi(page) -> float:
    """The resolution of the largest image on a pypdfium2 page (its pixels over its printed width),
    within DPI_RANGE; the range's floor when the page has none."""
    import pypdfium2.raw as raw

    best = 0.0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        x0, y0, x1, y1 = obj.get_bounds()
        width_px, height_px = obj.get_px_size()
        inches = max(x1 - x0, y1 - y0) / 72
        if inches > 0:
            best = max(best, max(width_px, height_px) / inches)
    return float(min(max(best, DPI_RANGE[0]), DPI_RANGE[1]))


def has_image(page) -> bool:
    """Whether a pypdfium2 page shows an image at all: a page without text that does is a scan."""
    import pypdfium2.raw as raw

    return next(iter(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])), None) is not None


def prepare(page) -> Page:
    """A pypdfium2 page rendered grey, straightened, its ruling lines found and taken out."""
    dpi = scan_dpi(page)
    grey = np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    height, width = grey.shape
    centre = (width / 2, height / 2)
    horizontal, vertical = ruling(grey, dpi)
    tilt = skew(horizontal)
    if abs(tilt) >= MIN_TILT:
        grey = _turn(grey, tilt, centre)
        horizontal, vertical = ruling(grey, dpi)
    else:
        tilt = 0.0
    return Page(grey, horizontal, vertical, _without_lines(grey, horizontal | vertical), dpi, tilt, centre)


def ink(grey: np.ndarray) -> np.ndarray:
    """Dark pixels as True: Otsu's threshold, so a grey scan and a black print alike."""
    import cv2

    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def ruling(grey: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Masks (uint8, 255 on the line) of the horizontal and the vertical ruling lines; a gap of a
    few pixels (noise, a faint stretch of a scanned line) is closed."""
    import cv2

    binary = ink(grey)
    length = max(10, int(LINE_INCHES * dpi))
    gap = max(3, int(dpi / 50))
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return horizontal, vertical


def skew(horizontal: np.ndarray) -> float:
    """The tilt in degrees (clockwise positive) of the long horizontal lines, weighted by length;
    0 when the page has none."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    width = horizontal.shape[1]
    slopes, weights = [], []
    for i in range(1, count):
        x, y, w, h = stats[i, :4]
        if w < width / 6:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        if len(xs) > 10:
            slopes.append(np.polyfit(xs, ys, 1)[0])
            weights.append(w)
    if not slopes:
        return 0.0
    return math.degrees(math.atan(float(np.average(slopes, weights=weights))))


def _turn(grey: np.ndarray, tilt: float, centre: tuple[float, float]) -> np.ndarray:
    """The image turned about its centre by -tilt (its lines level again), white where it had no pixels."""
    import cv2

    matrix = cv2.getRotationMatrix2D(centre, tilt, 1.0)
    return cv2.warpAffine(grey, matrix, (grey.shape[1], grey.shape[0]), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _without_lines(grey: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The grey image with its ruling lines (and a pixel around them) painted white: OCR then never
    reads a line beside a figure as a 1 or a |."""
    import cv2

    out = grey.copy()
    out[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 255
    return out
