import anthropic
from fastapi import FastAPI
from pydantic import BaseModel, Field
from slowapi import Limiter
from slowapi.util import get_remote_address
from fastapi import Request

from prompts import SUPPORT_PROMPT

app = FastAPI()
limiter = Limiter(key_func=get_remote_address)
client = anthropic.Anthropic()


class Question(BaseModel):
    text: str = Field(max_length=2000)


@app.post("/support")
@limiter.limit("10/minute")
def support(request: Request, q: Question):
    out = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=400,
        system=SUPPORT_PROMPT,  # expect: KL005
        messages=[{"role": "user", "content": q.text}],
    )
    return {"reply": out.content[0].text}
