"""Where a figure was printed, as a link to the 来源 page: plain functions, for tables and charts alike."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from loaders.api import BOX, POSITION_COLUMNS

WHERE = ("doc_id", *POSITION_COLUMNS, "source_page")  # where a row was printed: its 来源 link
OTHER = ("other_page", *(f"other_{k}" for k in BOX))  # a finding's other side, in its link
SOURCE_PAGE = "pages/source.py"
SOURCE_PATH, CHECKS_PATH = "source", "checks"  # the url paths of 来源 and 数据核对 (streamlit_app's menu), linked to


def address(url_path: str, params) -> str:
    """A page's address in the app with the query params (a dict or pairs): a link's href."""
    return f"/{url_path}?{urlencode(params)}"


def source_link(row: dict) -> str | None:
    """The 来源 page's address of a row holding doc_id and where it was printed: a page with a box, a
    text line, or a sheet (an Excel workbook's page) and its row; None without."""
    if pd.isna(row.get("doc_id")):
        return None
    params = {"doc": row["doc_id"]}
    page = row.get("source_page", row.get("page"))  # source_page: a table whose 来源 column names the page
    if not pd.isna(page):
        params["page"] = int(page)
        if all(not pd.isna(row.get(k)) for k in WHERE[1:5]):
            params.update({k: round(float(row[k]), 2) for k in WHERE[1:5]})
    if not pd.isna(row.get("line")):
        params["line"] = int(row["line"])
    if len(params) == 1:
        return None
    if all(not pd.isna(row.get(k)) for k in OTHER):  # the other figure of a disagreement, highlighted too
        params |= {"opage": int(row["other_page"])} | {"o" + k[6:]: round(float(row[k]), 2) for k in OTHER[1:]}
    return address(SOURCE_PATH, params)


def link_params(link: str) -> dict[str, str]:
    """The query parameters of a 来源 link, for st.switch_page."""
    return dict(parse_qsl(urlsplit(link).query))


def with_links(df: pd.DataFrame) -> pd.Series:
    """Each row's 来源 link (None where the row has no position)."""
    return pd.Series([source_link(r) for r in df.to_dict("records")], index=df.index, dtype=object)


def printed_links(df: pd.DataFrame) -> pd.Series:
    """The 来源 link of each row printed at a box or a line, for a chart's marks to open when clicked;
    None for a row printed nowhere (a 类 summed from its 款, a grouped 其他, a frame without positions)."""
    if "doc_id" not in df.columns:
        return pd.Series(None, index=df.index, dtype=object)
    printed = pd.Series(False, index=df.index)
    for column in ("x0", "line"):
        if column in df.columns:
            printed |= df[column].notna()
    links = with_links(df)
    return pd.Series([link if p else None for link, p in zip(links, printed)], index=df.index, dtype=object)


def side(df: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The rows with the position of one of their figures (`prefix_doc_id`, `prefix_x0` … beside the
    other figure's, as a query names them) as their own: the links of that figure's marks."""
    own = [c for c in WHERE if c in df.columns]
    return df.drop(columns=own).rename(columns={f"{prefix}_{c}": c for c in WHERE})


def without_sides(df: pd.DataFrame, *prefixes: str) -> pd.DataFrame:
    """The rows without their figures' positions (side): a table names one place per row, and the
    downloads hold no positions."""
    return df.drop(columns=[f"{p}_{c}" for p in prefixes for c in WHERE], errors="ignore")
