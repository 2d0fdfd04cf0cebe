import anthropic
from flask import Flask, jsonify

app = Flask(__name__)


@app.errorhandler(anthropic.RateLimitError)
def rate_limited(err):
    return jsonify(error="Claude is busy, try again"), 503


@app.get("/health")
def health():
    return {"ok": True, "sdk": anthropic.__version__}
