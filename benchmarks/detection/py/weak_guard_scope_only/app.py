import anthropic
from flask import Flask, abort, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
Limiter(get_remote_address, app=app, default_limits=["20 per minute"])
client = anthropic.Anthropic()
CHEF = "You are Chef Bot. Only answer questions about recipes. Politely decline unrelated requests."


@app.post("/chef")
def chef():
    q = request.json["q"]
    if len(q) > 2000:
        abort(413)
    out = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=300,
        system=CHEF,  # expect: KL005
        messages=[{"role": "user", "content": q}],
    )
    return out.content[0].text
