"""三公经费 page (placeholder until its owner replaces it)."""
import streamlit as st

st.title("三公经费")
st.info("本页正在建设中。")
