"""Figures → a web page as a government site publishes a report (.html in UTF-8, or an older site's
.htm in GBK declared as gb2312): a navigation line, then the report's paragraphs and tables in
order, each table's merged cells as rowspan/colspan. A page has no pages: a table the PDF continues
over pages is one table, and no running header is printed."""
from __future__ import annotations

from html import escape

from . import elements
from .figures import Report
from .layout import Grid, Picture, Text, whole_tables
from .variants import apply

_TAGS = {"cover": "h1", "title": "h3", "heading": "h4", "body": "p", "note": "p"}


def render_html(report: Report, variants: tuple[str, ...] = (), charset: str = "utf-8",
                encoding: str = "utf-8") -> bytes:
    parts = ["<!DOCTYPE html>", "<html>", "<head>",
             f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
             f"<title>{escape(report.unit)}</title>",
             "<style>table{border-collapse:collapse} td{border:1px solid #000;padding:2px}</style>",
             "<script>var views = 0;</script>", "</head>", "<body>",
             '<div class="nav">首页 &gt; 政务公开 &gt; 财政预决算</div>', '<div class="article">']
    for el in whole_tables(apply(report, elements(report), variants)):
        if isinstance(el, Text):
            tag = _TAGS[el.style]
            parts.append(f'<{tag} class="{el.style}">{escape(el.text)}</{tag}>')
        elif isinstance(el, Grid):
            parts += _table(el)
        elif isinstance(el, Picture):
            parts.append('<p><img src="cover.png" alt=""></p>')
    parts += ["</div>", '<div class="tools">【打印本页】【关闭窗口】</div>', "</body>", "</html>"]
    return "\n".join(parts).encode(encoding)


def render_htm(report: Report, variants: tuple[str, ...] = ()) -> bytes:
    """The page as an older site serves it: GBK bytes, gb2312 declared."""
    return render_html(report, variants, charset="gb2312", encoding="gbk")


def _table(grid: Grid) -> list[str]:
    covered = {(r, c) for c0, r0, c1, r1 in grid.spans for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for c0, r0, c1, r1 in grid.spans}
    out = ['<table border="1" cellspacing="0">']
    for i, row in enumerate(grid.rows):
        cells = []
        for j, text in enumerate(row):
            if (i, j) in covered:
                continue
            rows, cols = spans.get((i, j), (1, 1))
            span = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
            cells.append(f"<td{span}>{escape(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out + ["</table>"]
