import anthropic

from privacy import mask_pii, redact

client = anthropic.Anthropic()


def triage(ticket, customer):
    note = f"Customer {redact(customer.email)} ({mask_pii(customer.phone)}) wrote: {ticket.body}"
    out = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=200,
        messages=[{"role": "user", "content": note}],
    )
    return out.content[0].text
