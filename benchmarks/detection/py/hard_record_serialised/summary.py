import json
from dataclasses import asdict, dataclass

import anthropic

client = anthropic.Anthropic()


@dataclass
class Patient:
    name: str
    date_of_birth: str
    diagnosis: str


def summarise(p: Patient) -> str:
    out = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=300,
        messages=[{"role": "user", "content": "Summarise: " + json.dumps(asdict(p))}],  # expect: KL009
    )
    return out.content[0].text
