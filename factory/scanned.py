"""A PDF as a scanner returns it: pages turned into slightly tilted, blurred, noisy images.

Many county and township departments publish their reports as scans, with no text layer. This
turns any PDF (a factory report, or a copy of a real one made for a test in a temporary folder) into
such a file: each chosen page rendered to grey pixels, rotated by a small angle, blurred, speckled
with noise, saved as a JPEG and placed alone on a page of the same size. The other pages stay as
they were, so a mixed file (text pages and scanned pages) comes out of the same call. The noise is
seeded: the same arguments give the same pixels.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class Scan:
    """How a page is scanned: resolution, tilt in degrees (clockwise positive), blur radius in
    pixels, noise as the standard deviation of grey levels, JPEG quality."""
    dpi: int = 150
    tilt: float = 0.5
    blur: float = 0.6
    noise: float = 6.0
    quality: int = 80
    seed: int = 0


def scanned(pdf: bytes, pages: Iterable[int] | None = None, scan: Scan = Scan()) -> bytes:
    """The PDF with the given 1-based pages (every page by default) replaced by scans of them."""
    source = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    chosen = set(range(1, len(source) + 1) if pages is None else pages)
    rng = np.random.default_rng(scan.seed)
    try:
        for number in range(1, len(source) + 1):
            if number not in chosen:
                out.import_pages(source, [number - 1])
                continue
            page = source[number - 1]
            width, height = page.get_size()
            picture = scan_image(page.render(scale=scan.dpi / 72, grayscale=True).to_pil(), scan, rng)
            page.close()
            _image_page(out, picture, width, height, scan.quality)
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        source.close()


def scan_image(image: Image.Image, scan: Scan, rng: np.random.Generator) -> Image.Image:
    """One page's pixels as a scanner's: tilted about the centre (white where the paper was not),
    blurred, with Gaussian noise."""
    grey = image.convert("L")
    if scan.tilt:
        grey = grey.rotate(-scan.tilt, resample=Image.BICUBIC, fillcolor=255)
    if scan.blur:
        grey = grey.filter(ImageFilter.GaussianBlur(scan.blur))
    pixels = np.asarray(grey, dtype=np.float32)
    if scan.noise:
        pixels = pixels + rng.normal(0, scan.noise, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")


def _image_page(out: pdfium.PdfDocument, picture: Image.Image, width: float, height: float, quality: int) -> None:
    """A page of the given size in points holding only the picture, as a JPEG stretched over it."""
    jpeg = io.BytesIO()
    picture.save(jpeg, format="JPEG", quality=quality)
    jpeg.seek(0)
    page = out.new_page(width, height)
    image = pdfium.PdfImage.new(out)
    image.load_jpeg(jpeg, inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    page.close()
