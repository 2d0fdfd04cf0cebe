import anthropic
from flask import Flask, request
from openai import OpenAI

app = Flask(__name__)
openai_client = OpenAI()
claude = anthropic.Anthropic()


@app.post("/gpt")
def gpt():
    r = openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": request.json["q"]}])
    return r.choices[0].message.content


def nightly_summary(text):
    return claude.messages.create(model="claude-haiku-4-5", max_tokens=200,
                                  system="Summarise.", messages=[{"role": "user", "content": text}])
