from typing import Any

import anthropic
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from slowapi import Limiter
from slowapi.util import get_remote_address

router = APIRouter()
limiter = Limiter(key_func=get_remote_address)


class Turn(BaseModel):
    role: str = Field(..., pattern="^(user|assistant)$")
    content: str = Field(..., max_length=8000)


class AssistantRequest(BaseModel):
    turns: list[Turn] = Field(..., max_length=40)
    persona: str = Field("", max_length=2000)


@router.post("/assistant")
@limiter.limit("20/minute")
async def assistant(request: Request, body: AssistantRequest) -> dict[str, Any]:
    client = anthropic.AsyncAnthropic()
    reply = await client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=800,
        system=body.persona or "You are a concise assistant.",  # expect: KL007
        messages=[{"role": t.role, "content": t.content} for t in body.turns],
    )
    return {"text": reply.content[0].text}
