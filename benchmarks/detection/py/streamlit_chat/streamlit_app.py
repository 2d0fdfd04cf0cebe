import anthropic
import streamlit as st

st.title("Ask Claude")
client = anthropic.Anthropic()

if "messages" not in st.session_state:
    st.session_state.messages = []

for m in st.session_state.messages:
    with st.chat_message(m["role"]):
        st.markdown(m["content"])

if prompt := st.chat_input("What is up?"):
    st.session_state.messages.append({"role": "user", "content": prompt})
    with st.chat_message("user"):
        st.markdown(prompt)
    response = client.messages.create(  # expect: KL004, KL005
        model="claude-sonnet-4-5",
        max_tokens=1024,
        messages=st.session_state.messages,
    )
    text = response.content[0].text
    st.session_state.messages.append({"role": "assistant", "content": text})
    st.chat_message("assistant").markdown(text)
