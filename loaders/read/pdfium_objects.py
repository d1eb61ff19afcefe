"""A PDF page read by PDFium (pypdfium2) as a pdfplumber Page: the same char, rect, line and curve
dicts pdfminer would give, so pdfplumber's table finder, cell reading and text lines run unchanged.

pdfminer parses content streams in pure Python, about 86 % of reading a report through pdfplumber;
PDFium does the same in C. What pdfplumber needs from the objects is rebuilt as pdfminer builds it:
a character's box is its advance width by its font size, from the font's descent up (PDFium's own
boxes use the font's ascent as well, so they sit a little higher); a painted path is split into
subpaths and each becomes a line, a rectangle or a curve by pdfminer's rules. Coordinates are
pdfplumber's: points from the page's top left, the page's rotation and media box applied.

Two differences, both PDFium's text page's and both for the better (tests/test_pdf_source.py
lists them): a character printed twice on the same spot (fake bold) is one character, and a printed
space inside a word or number is left out ("13.56 %" reads "13.56%", "单 位" reads "单位").
Coordinates agree with pdfminer's to within 0.01 pt (PDFium keeps them in single precision).
"""
from __future__ import annotations

import ctypes
import re
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.page import Page

_SUBPATH = re.compile(r"m[^m]+")


class PdfiumPage(Page):
    """A pdfplumber Page whose objects come from PDFium; enough of Page for find_tables, filter,
    extract_text_lines and the loader's cell reading (not for rendering, annotations, or a
    character's adv and matrix)."""

    def __init__(self, page: pdfium.PdfPage, page_number: int, initial_doctop: float = 0) -> None:
        self.pdf = None
        self.page_obj = page
        self.root_page = self
        self.page_number = page_number
        self.initial_doctop = initial_doctop
        self.rotation = page.get_rotation() % 360
        x0, y0, x1, y1 = page.get_mediabox()
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        width, height = (y1 - y0, x1 - x0) if self.rotation in (90, 270) else (x1 - x0, y1 - y0)
        left, bottom = (y0, x0) if self.rotation in (90, 270) else (x0, y0)
        # pdfplumber's boxes: the media box flipped within its own height (so its top is -bottom)
        self.mediabox = self.cropbox = self.bbox = (left, -bottom, left + width, -bottom + height)
        self._ctm = _page_matrix(self.rotation, (x0, y0, x1, y1))
        self.get_textmap = lru_cache()(self._get_textmap)
        self._objects = {"char": [], "rect": [], "line": [], "curve": []}
        self._read_paths(page)
        self._read_chars(page)
        page.close()  # everything pdfplumber asks for is in self._objects now
        self.page_obj = None

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> dict:
        """pdfminer's box (media box corner at the origin, rotation applied) as pdfplumber's keys."""
        top = self.height - y1 + self.mediabox[1]
        bottom = self.height - y0 + self.mediabox[1]
        return {"x0": x0 + self.mediabox[0], "y0": y0, "x1": x1 + self.mediabox[0], "y1": y1,
                "top": top, "bottom": bottom, "doctop": self.initial_doctop + top,
                "width": x1 - x0, "height": y1 - y0, "page_number": self.page_number}

    def _point(self, x: float, y: float) -> tuple[float, float]:
        return self.mediabox[0] + x, self.mediabox[1] + self.height - y

    def _read_chars(self, page: pdfium.PdfPage) -> None:
        """Characters as pdfminer's LTChar: the box of the advance width (the font's widths, as
        pdfminer reads them) by one font size from the descent up, through the character's matrix.

        The loop is written out (no helper calls per character): it runs for every character of
        every page, and is most of what reading a page costs in Python."""
        textpage = page.get_textpage()
        try:
            tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            ox, oy = ctypes.c_double(), ctypes.c_double()
            origin = ctypes.byref(ox), ctypes.byref(oy)
            ca, cb, cc, cd, ce, cf = self._ctm
            left, flip = self.mediabox[0], self.height + self.mediabox[1]
            doctop, number = self.initial_doctop, self.page_number
            run_key, fonts = None, {}
            chars = self._objects["char"]
            pending_high = None
            count = _count_chars(tp)
            codes = _all_unicode(tp, count)
            for i in range(count):
                obj = _text_object(tp, i)
                if not obj:
                    continue  # a line break PDFium generated
                code = codes[i]
                if code == 0x20 and _is_generated(tp, i):
                    continue  # a space PDFium generated for a gap, not printed
                if code == 0x2:
                    code = 0x2D  # PDFium marks a hyphen that ends a line
                if 0xD800 <= code < 0xDC00:  # a character beyond the BMP comes as two halves
                    pending_high = code
                    continue
                if pending_high is not None:
                    code, pending_high = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00), None
                if obj != run_key:
                    run_key = obj
                    font, size, (a, b, c, d) = self._run(tp, i, obj, fonts)
                    widths, name = font.widths, font.name
                    lo, hi = font.descent * size, (font.descent + 1) * size
                    upright = a * d > 0 and b * c <= 0
                _char_origin(tp, i, *origin)
                ux, uy = ox.value, oy.value
                x, y = ca * ux + cc * uy + ce, cb * ux + cd * uy + cf
                width = widths.get(code)
                if width is None:
                    width = font.width(code)
                adv = width * size
                if b == 0 and c == 0:
                    x0, x1 = (x, x + a * adv) if a >= 0 else (x + a * adv, x)
                    y0, y1 = (y + d * lo, y + d * hi) if d >= 0 else (y + d * hi, y + d * lo)
                else:
                    xs = (x + c * lo, x + c * hi, x + a * adv + c * lo, x + a * adv + c * hi)
                    ys = (y + d * lo, y + d * hi, y + b * adv + d * lo, y + b * adv + d * hi)
                    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
                top = flip - y1
                # the keys pdfplumber's text, table and filter code read (not adv, matrix, y0, y1: a
                # tenth of this loop's time)
                chars.append({"object_type": "char", "page_number": number, "text": chr(code), "fontname": name,
                              "x0": x0 + left, "x1": x1 + left, "top": top, "bottom": flip - y0,
                              "doctop": doctop + top, "width": x1 - x0, "height": y1 - y0, "size": y1 - y0,
                              "upright": upright})
        finally:
            textpage.close()

    def _run(self, tp: int, index: int, obj: int, fonts: dict) -> tuple:
        """What the characters of one text object share: font, size, matrix (to pdfminer's space)."""
        _char_matrix(tp, index, _MATRIX_REF)
        m = _MATRIX
        ca, cb, cc, cd = self._ctm[:4]
        linear = (ca * m.a + cc * m.b, cb * m.a + cd * m.b, ca * m.c + cc * m.d, cb * m.c + cd * m.d)
        font_handle = _text_font(obj) or 0
        font = fonts.get(font_handle)
        if font is None:
            font = fonts[font_handle] = _Font(font_handle)
        return font, _font_size(tp, index), linear

    def _read_paths(self, page: pdfium.PdfPage) -> None:
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        modes = ctypes.byref(fill), ctypes.byref(stroke)
        for obj, ctm in _path_objects(ctypes.cast(page.raw, ctypes.c_void_p).value, self._ctm):
            _draw_mode(obj, *modes)
            if not fill.value and not stroke.value:
                continue  # pdfminer makes no object of a path that is only a clip or ends with 'n'
            path = _segments(obj, ctm)
            shape = "".join(op for op, *_ in path)
            for sub in _SUBPATH.finditer(shape):
                self._paint(path[sub.start():sub.end()], fill.value != 0, bool(stroke.value))

    def _paint(self, path: list[tuple], fill: bool, stroke: bool) -> None:
        """pdfminer's PDFLayoutAnalyzer.paint_path for one subpath: a line, a rectangle or a curve."""
        shape = "".join(op for op, *_ in path)
        pts = [p[-2:] if p[0] != "h" else path[0][-2:] for p in path]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            kind = "line"
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or \
                (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            kind = "rect" if pts[0] == pts[4] and square else "curve"
        else:
            kind = "curve"
        if kind == "rect":
            pts = [pts[0], pts[2]]
        obj = self._box(*_bound(pts))
        obj.update(object_type=kind, fill=fill, stroke=stroke)
        if kind != "rect":
            obj["pts"] = [self._point(x, y) for x, y in pts]
        self._objects[kind].append(obj)


class _Font:
    """A font's metrics as pdfminer takes them: the descriptor's Descent and the widths (/W,
    /Widths) per 1 point of size, looked up by Unicode (PDFium maps it back to the code)."""

    def __init__(self, handle: int) -> None:
        self.handle = handle
        self.widths: dict[int, float] = {}
        value = ctypes.c_float()
        self.descent = value.value if handle and _font_descent(handle, 1.0, ctypes.byref(value)) else 0.0
        size = _font_name(handle, None, 0) if handle else 0
        buf = ctypes.create_string_buffer(size)
        if size:
            _font_name(handle, buf, size)
        self.name = buf.value.decode("utf-8", "replace")

    def width(self, code: int) -> float:
        width = self.widths.get(code)
        if width is None:
            value = ctypes.c_float()
            ok = self.handle and _glyph_width(self.handle, code, 1.0, ctypes.byref(value))
            width = self.widths[code] = value.value if ok else 0.0
        return width


def _native(func, restype, *argtypes):
    """func with plain addresses for its handles: no pointer objects made per call (reading a
    page calls PDFium three times per character)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(func, ctypes.c_void_p).value)


_V, _I, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
_count_chars = _native(raw.FPDFText_CountChars, _I, _V)
_text_object = _native(raw.FPDFText_GetTextObject, _V, _V, _I)
_is_generated = _native(raw.FPDFText_IsGenerated, _I, _V, _I)
def _all_unicode(tp: int, count: int) -> list[int]:
    """Every character's code unit in one call (what FPDFText_GetUnicode gives one by one)."""
    units = (ctypes.c_ushort * (count + 1))()
    _get_text(tp, 0, count, ctypes.addressof(units))
    return units[:count]


_get_text = _native(raw.FPDFText_GetText, _I, _V, _I, _I, _V)
_char_origin = _native(raw.FPDFText_GetCharOrigin, _I, _V, _I, _V, _V)
_char_matrix = _native(raw.FPDFText_GetMatrix, _I, _V, _I, _V)
_font_size = _native(raw.FPDFText_GetFontSize, ctypes.c_double, _V, _I)
_text_font = _native(raw.FPDFTextObj_GetFont, _V, _V)
_font_descent = _native(raw.FPDFFont_GetDescent, _I, _V, _F, _V)
_font_name = _native(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, _V, _V, ctypes.c_size_t)
_glyph_width = _native(raw.FPDFFont_GetGlyphWidth, _I, _V, ctypes.c_uint, _F, _V)
_page_count = _native(raw.FPDFPage_CountObjects, _I, _V)
_page_object = _native(raw.FPDFPage_GetObject, _V, _V, _I)
_form_count = _native(raw.FPDFFormObj_CountObjects, _I, _V)
_form_object = _native(raw.FPDFFormObj_GetObject, _V, _V, ctypes.c_ulong)
_object_type = _native(raw.FPDFPageObj_GetType, _I, _V)
_object_matrix = _native(raw.FPDFPageObj_GetMatrix, _I, _V, _V)
_draw_mode = _native(raw.FPDFPath_GetDrawMode, _I, _V, _V, _V)
_segment_count = _native(raw.FPDFPath_CountSegments, _I, _V)
_segment = _native(raw.FPDFPath_GetPathSegment, _V, _V, _I)
_segment_point = _native(raw.FPDFPathSegment_GetPoint, _I, _V, _V, _V)
_segment_type = _native(raw.FPDFPathSegment_GetType, _I, _V)
_segment_close = _native(raw.FPDFPathSegment_GetClose, _I, _V)
# out-parameters, reused (a page is read by one thread)
_MATRIX = raw.FS_MATRIX()
_MATRIX_REF = ctypes.byref(_MATRIX)
_X, _Y = ctypes.c_float(), ctypes.c_float()
_X_REF, _Y_REF = ctypes.byref(_X), ctypes.byref(_Y)


def _path_objects(parent: int, ctm: tuple, in_form: bool = False):
    """Every path object of the page, in content order, with its matrix to pdfminer's space
    (the objects of form XObjects too, through the form's matrix)."""
    count = (_form_count if in_form else _page_count)(parent)
    get = _form_object if in_form else _page_object
    for i in range(count):
        obj = get(parent, i)
        kind = _object_type(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        _object_matrix(obj, _MATRIX_REF)
        m = _multiply((_MATRIX.a, _MATRIX.b, _MATRIX.c, _MATRIX.d, _MATRIX.e, _MATRIX.f), ctm)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield obj, m
        else:
            yield from _path_objects(obj, m, in_form=True)


def _segments(path: int, m: tuple) -> list[tuple]:
    """A path's segments as pdfminer's operators with transformed points: ('m', x, y), ('l', x, y),
    ('c', x1, y1, x2, y2, x3, y3) and ('h',) after a closing segment."""
    out: list[tuple] = []
    a, b, c, d, e, f = m
    bezier: list[float] = []
    for i in range(_segment_count(path)):
        seg = _segment(path, i)
        _segment_point(seg, _X_REF, _Y_REF)
        x, y = _X.value, _Y.value
        point = (a * x + c * y + e, b * x + d * y + f)
        kind = _segment_type(seg)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier.extend(point)
            if len(bezier) < 6:
                continue
            out.append(("c", *bezier))
            bezier = []
        else:
            out.append(("m" if kind == raw.FPDF_SEGMENT_MOVETO else "l", *point))
        if _segment_close(seg):
            out.append(("h",))
    return out


def _page_matrix(rotation: int, mediabox: tuple) -> tuple:
    """pdfminer's page matrix: the media box's corner to the origin, then the page's rotation."""
    x0, y0, x1, y1 = mediabox
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(rotation, (1, 0, 0, 1, -x0, -y0))


def _multiply(m1: tuple, m0: tuple) -> tuple:
    """m1 then m0, as pdfminer's mult_matrix."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _bound(pts) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)
