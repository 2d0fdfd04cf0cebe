from pathlib import Path

import anthropic
from flask import Flask, abort, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
Limiter(get_remote_address, app=app, default_limits=["10 per minute"])
client = anthropic.Anthropic()
SYSTEM = Path("prompts/system.md").read_text()


@app.post("/ask")
def ask():
    q = request.json["q"]
    if len(q) > 2000:
        abort(413)
    out = client.messages.create(model="claude-sonnet-4-5", max_tokens=300,
                                 system=SYSTEM,  # expect: KL005
                                 messages=[{"role": "user", "content": q}])
    return out.content[0].text
