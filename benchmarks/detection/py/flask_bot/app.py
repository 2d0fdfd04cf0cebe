"""A small Flask chat endpoint."""
import anthropic
from flask import Flask, jsonify, request

app = Flask(__name__)
client = anthropic.Anthropic()
SYSTEM_PROMPT = "You are a helpful assistant for our bakery."


@app.route("/api/chat", methods=["POST"])
def chat():  # expect: KL008
    payload = request.get_json(force=True)
    question = payload.get("question", "")
    reply = client.messages.create(  # expect: KL004
        model="claude-sonnet-4-5",
        max_tokens=512,
        system=SYSTEM_PROMPT,  # expect: KL005
        messages=[{"role": "user", "content": question}],
    )
    return jsonify(answer=reply.content[0].text)
