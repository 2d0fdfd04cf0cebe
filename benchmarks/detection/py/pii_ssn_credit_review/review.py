"""Nightly credit review (offline job)."""
import anthropic

client = anthropic.Anthropic()


def review(customer):
    prompt = (
        f"Assess the credit risk of {customer.company}.\n"
        f"Tax id: {customer.tax_id}\n"  # expect: KL009
        f"Annual revenue: {customer.revenue}\n"
    )
    out = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=500,
        messages=[{"role": "user", "content": prompt}],
    )
    return out.content[0].text
