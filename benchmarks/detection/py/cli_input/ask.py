import sys

import anthropic

client = anthropic.Anthropic()

question = " ".join(sys.argv[1:]) or input("Question: ")
reply = client.messages.create(  # expect: KL004
    model="claude-sonnet-4-5",
    max_tokens=500,
    messages=[{"role": "user", "content": question}],
)
print(reply.content[0].text)
