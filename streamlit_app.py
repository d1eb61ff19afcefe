"""预决算透视: the dashboard, served by `streamlit run app.py` (app.py puts the guard in front).

Sets the page up, loads the bundled samples in the background when no database exists yet (first
start of a fresh clone: the page draws once the first is stored, and reruns when all are in),
and hands over to the page picked in the navigation, whose queries share one connection.
Every page draws the common sidebar filters itself (dashboard.filters), so a page also runs on its
own in tests. Served without the guard (`streamlit run streamlit_app.py`), it says how to start.
"""
import streamlit as st

from dashboard import access, db, filters, guard, links, uploads, widgets  # noqa: F401  (importing uploads removes a killed server's uploads)

st.set_page_config(page_title="预决算透视", page_icon=":material/account_balance:", layout="wide")
if access.connected() and not guard.active:
    st.error("请用 `streamlit run app.py` 启动仪表盘：直接运行 streamlit_app.py 时，上传接口不受保护。")
    st.stop()
first_start = db.ensure_database()


@st.fragment(run_every=1.0)
def samples_arriving() -> None:
    """While the first start loads the samples: say how far it is; rerun the page once all are in (a
    rerun on each arrival held the first chart back on a busy machine)."""
    if first_start.finished:
        st.rerun()
    st.caption(f"首次启动：正在导入项目自带的示例报告（已导入 {first_start.done}/{first_start.total} 份），"
               "全部导入后本页自动更新。")


if first_start:
    samples_arriving()
widgets.html_ready()  # before the page: its first chart no longer waits for the browser's HTML code
filters.adopt_url()  # the link's choices, for the next page even when this one draws no filters

PAGES = [
    st.Page("pages/overview.py", title="总览", icon=":material/dashboard:", default=True),  # served at /
    st.Page("pages/structure.py", title="支出结构", icon=":material/donut_large:", url_path="structure"),
    st.Page("pages/execution.py", title="预算执行", icon=":material/fact_check:", url_path="execution"),
    st.Page("pages/sangong.py", title="三公经费", icon=":material/directions_car:", url_path="sangong"),
    st.Page("pages/disclosures.py", title="公开信息", icon=":material/info:", url_path="disclosures"),
    st.Page("pages/performance.py", title="绩效自评", icon=":material/grading:", url_path="performance"),
    st.Page("pages/checks.py", title="数据核对", icon=":material/rule:", url_path=links.CHECKS_PATH),
    st.Page("pages/manage.py", title="数据管理", icon=":material/folder_open:", url_path="manage"),
    st.Page(links.SOURCE_PAGE, title="来源", icon=":material/find_in_page:", url_path=links.SOURCE_PATH,
            visibility="hidden"),  # reached from a 来源 link, not from the menu
]
with db.page_run():  # the page's queries share one read-only connection, closed once it is drawn
    st.navigation(PAGES).run()
