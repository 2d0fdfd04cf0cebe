"""Summarise last week's internal reports (run by cron)."""
import pathlib

import anthropic

client = anthropic.Anthropic()

for path in sorted(pathlib.Path("reports").glob("*.txt")):
    text = path.read_text()
    out = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=400,
        system="Summarise the report in five bullet points.",
        messages=[{"role": "user", "content": text}],
    )
    print(path.name, out.content[0].text)
