from flask import Flask, request
from twilio.rest import Client

app = Flask(__name__)
client = Client()


@app.post("/notify")
def notify():
    client.messages.create(to=request.form["to"], from_="+15550000000", body=request.form["body"])
    return "sent"
