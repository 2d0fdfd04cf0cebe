from flask import Flask, request
from openai import OpenAI

app = Flask(__name__)
client = OpenAI()


@app.post("/thread/<thread_id>")
def post_message(thread_id):
    client.beta.threads.messages.create(thread_id, role="user", content=request.json["text"])
    return {"ok": True}
