"""Report text in charts shown as text, never as markup.

Plotly draws labels, hovers, legend entries, tick labels and titles in a small HTML dialect
(<a href>, <span style>, <b>, <br>): a 功能分类 name printed as `<a href=…>` became a live link in
what was then a Plotly sunburst. Vega-Lite needs nothing of this: it draws data as plain text and Streamlit's Vega tooltips
escape HTML; its specs (vegalite.py) carry report text only as data values, never inside titles or
expressions. No chart library is imported here (the 总览 page loads without Plotly).
"""
from __future__ import annotations

import html

import numpy as np

TEXT_ATTRS = ("x", "y", "text", "hovertext", "customdata")


def _escaped(value):
    return html.escape(value, quote=False) if isinstance(value, str) else value


def _escaped_array(values):
    """The values with their strings escaped, or None when there is no string among them."""
    array = np.asarray(values, dtype=object)
    if not any(isinstance(v, str) for v in array.ravel()):
        return None
    return np.vectorize(_escaped, otypes=[object])(array)


def text_only(fig):
    """A copy of the Plotly figure in which every data string (names, codes, sources: what labels
    and hovers substitute), trace name and legend group, annotation (facet titles) and title is escaped; the hover
    templates, written by this code, keep their markup. Apply once, to the figure about to be drawn."""
    fig = type(fig)(fig)
    for trace in fig.data:
        for attr in TEXT_ATTRS:
            values = trace[attr] if attr in trace else None
            if isinstance(values, str):
                trace[attr] = _escaped(values)
            elif values is not None:
                escaped = _escaped_array(values)
                if escaped is not None:
                    trace[attr] = escaped
        for attr in ("name", "legendgroup"):
            if attr in trace and trace[attr]:
                trace[attr] = _escaped(trace[attr])
    for note in fig.layout.annotations:
        note.text = _escaped(note.text)
    if fig.layout.title.text:
        fig.layout.title.text = _escaped(fig.layout.title.text)
    return fig
