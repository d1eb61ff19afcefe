"""数据核对 page (placeholder until its owner replaces it)."""
import streamlit as st

st.title("数据核对")
st.info("本页正在建设中。")
