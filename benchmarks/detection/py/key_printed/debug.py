import os

import anthropic
import streamlit as st

api_key = os.environ["ANTHROPIC_API_KEY"]
print(f"Using key {api_key}")  # expect: KL010
st.sidebar.write("Key:", api_key)  # expect: KL010
client = anthropic.Anthropic(api_key=api_key)
