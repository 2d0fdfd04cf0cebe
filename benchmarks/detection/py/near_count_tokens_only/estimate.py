import anthropic
from flask import Flask, request

app = Flask(__name__)
client = anthropic.Anthropic()


@app.post("/estimate")
def estimate():
    result = client.messages.count_tokens(
        model="claude-sonnet-4-5",
        messages=[{"role": "user", "content": request.json["text"]}],
    )
    return {"tokens": result.input_tokens}
