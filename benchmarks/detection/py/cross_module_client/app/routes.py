from flask import Blueprint, request

from app.llm import client

bp = Blueprint("chat", __name__)


@bp.post("/chat")
def chat():  # expect: KL008
    text = request.json["text"]
    out = client.messages.create(  # expect: KL004, KL005
        model="claude-sonnet-4-5",
        max_tokens=400,
        messages=[{"role": "user", "content": text}],
    )
    return {"reply": out.content[0].text}
