from flask import Flask, request

from services.claude import ask

app = Flask(__name__)


@app.post("/ask")
def ask_route():  # expect: KL008
    return {"answer": ask(request.json["q"])}  # expect: KL004, KL005
