import os

import anthropic
from fastapi import FastAPI, Request
from pydantic import BaseModel, constr
from slowapi import Limiter
from slowapi.util import get_remote_address

from store import load_prompt

app = FastAPI()
limiter = Limiter(key_func=get_remote_address)
client = anthropic.Anthropic()


class Ask(BaseModel):
    text: constr(max_length=1000)


@app.post("/ask")
@limiter.limit("20/minute")
def ask(request: Request, body: Ask):
    system = load_prompt(os.environ.get("PROMPT_NAME", "default"))
    out = client.messages.create(model="claude-sonnet-4-5", max_tokens=300, system=system,
                                 messages=[{"role": "user", "content": body.text}])
    return out.content[0].text
