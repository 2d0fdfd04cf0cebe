import anthropic

client = anthropic.Anthropic()


def polish(user, email_template):
    text = email_template.format(name=user.first_name)
    out = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=300,
        metadata={"user_id": str(user.id)},
        messages=[{"role": "user", "content": (
            f"Polish this email: {text}\n"
            f"(email verified: {user.email_verified}, card ending {user.card_last4}, "
            f"phone country code {user.phone_country_code})"
        )}],
    )
    return out.content[0].text
