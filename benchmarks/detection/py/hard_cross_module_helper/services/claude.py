import anthropic

client = anthropic.Anthropic()
SYSTEM = "You are a helpful assistant."


def ask(question: str) -> str:
    out = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=300,
        system=SYSTEM,
        messages=[{"role": "user", "content": question}],
    )
    return out.content[0].text
