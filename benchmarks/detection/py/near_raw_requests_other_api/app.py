import os

import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/translate")
def translate():
    r = requests.post(
        "https://translation.example.com/v1/messages",
        headers={"authorization": f"Bearer {os.environ['TRANSLATE_TOKEN']}"},
        json={"messages": [{"text": request.json["text"]}]},
    )
    return r.json()


@app.post("/estimate")
def estimate():
    r = requests.post(
        "https://api.anthropic.com/v1/messages/count_tokens",
        headers={"x-api-key": os.environ["ANTHROPIC_API_KEY"], "anthropic-version": "2023-06-01"},
        json={"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": request.json["text"]}]},
    )
    return r.json()
