import anthropic

client = anthropic.Anthropic()
SYSTEM = "You are a helpful assistant."


def ask(question: str) -> str:
    out = client.messages.create(  # expect: KL004
        model="claude-sonnet-4-5",
        max_tokens=300,
        system=SYSTEM,  # expect: KL005
        messages=[{"role": "user", "content": question}],
    )
    return out.content[0].text
