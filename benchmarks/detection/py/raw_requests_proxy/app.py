import os

import requests
from flask import Flask, request

app = Flask(__name__)
API_URL = "https://api.anthropic.com/v1/messages"
HEADERS = {"x-api-key": os.environ["ANTHROPIC_API_KEY"], "anthropic-version": "2023-06-01"}


@app.post("/chat")
def chat():  # expect: KL008
    text = request.json["text"]
    payload = {
        "model": "claude-haiku-4-5",
        "max_tokens": 300,
        "system": "You are a helpful assistant.",  # expect: KL005
        "messages": [{"role": "user", "content": text}],
    }
    r = requests.post(API_URL, headers=HEADERS, json=payload, timeout=30)  # expect: KL004
    return r.json()["content"][0]["text"]
