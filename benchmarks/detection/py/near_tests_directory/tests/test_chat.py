from unittest import mock

import anthropic
from flask import Flask, request

app = Flask(__name__)


@app.post("/chat")
def chat():
    client = anthropic.Anthropic(api_key="test")
    return client.messages.create(model="m", max_tokens=1,
                                  messages=[{"role": "user", "content": request.json["q"]}])


def test_chat():
    with mock.patch("anthropic.Anthropic"):
        assert app.test_client().post("/chat", json={"q": "hi"})
