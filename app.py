"""预决算透视: `streamlit run app.py` serves the dashboard.

The dashboard itself is streamlit_app.py (its pages in pages/); this file is the server: Streamlit's
own (st.App), with the project's guard in front of it (dashboard/guard.py), so that only a browser
allowed to upload can put files on the server, within a total, and every browser holds the key its
admin rights are bound to. Streamlit finds `app` here and serves it with uvicorn, taking the usual
options (`--server.port`, `--server.address`, .streamlit/config.toml).
"""
import streamlit as st
from starlette.middleware import Middleware

from dashboard import picture
from dashboard.guard import Guard

app = st.App("streamlit_app.py", middleware=[Middleware(Guard)])
picture.start()  # the charts' engine starts while the server does
