"""数据管理 page (placeholder until its owner replaces it)."""
import streamlit as st

st.title("数据管理")
st.info("本页正在建设中。")
