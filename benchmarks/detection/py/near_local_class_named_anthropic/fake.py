from flask import Flask, request


class Anthropic:
    """A stand-in used for the offline demo."""

    class messages:
        @staticmethod
        def create(**kwargs):
            return kwargs


app = Flask(__name__)
client = Anthropic()


@app.post("/demo")
def demo():
    return client.messages.create(model="x", messages=[{"role": "user", "content": request.json["q"]}])
