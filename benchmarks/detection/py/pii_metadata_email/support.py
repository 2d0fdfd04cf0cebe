import anthropic

client = anthropic.Anthropic()


def draft_reply(ticket, user):
    out = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=300,
        metadata={"user_id": user.email},  # expect: KL009
        messages=[{"role": "user", "content": f"Draft a reply to: {ticket.subject}"}],
    )
    return out.content[0].text
