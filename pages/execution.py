"""预算执行 page (placeholder until its owner replaces it)."""
import streamlit as st

st.title("预算执行")
st.info("本页正在建设中。")
