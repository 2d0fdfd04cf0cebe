from __future__ import annotations

from keylint.findings import Confidence, Severity
from keylint.rule import Bad, Good, ModelContext, Rule

_SEVERITY = {"high": Severity.WARNING, "medium": Severity.INFO}


class PiiInPrompt(Rule):
    """
    Personal data sent to Claude: social security and passport numbers, card and bank account
    numbers, medical record fields, passwords (warning); email addresses, phone numbers, dates of
    birth, home addresses (info). Whatever enters a prompt leaves your system, may be logged on
    the way, and can come back in a completion shown to someone else (OWASP LLM02:2025
    *Sensitive Information Disclosure*). The SDK's own docs say `metadata.user_id` must be an
    opaque id: "Do not include any identifying information such as name, email address, or
    phone number".

    keylint looks at what reaches prompt content (messages, system prompt, legacy `prompt`,
    wrapper inputs): an expression whose terminal name, attribute, key or dict key matches the
    PII lexicon (`customer.ssn`, `data["date_of_birth"]`, `{"email": user.email}`), the
    serialisation of a whole object whose class in the same module declares such fields
    (`json.dumps(patient)`, `user.model_dump()`), `metadata={"user_id": user.email}`, and SSNs
    written into prompt text. Names that describe a field rather than hold it are ignored
    (`email_template`, `email_verified`, `card_last4`, `user_id`, `has_ssn`), as are values passed
    through a redactor (`mask`, `redact`, `anonymize`, `scrub`, `hash`...). Test files are skipped.

    **What to do:** send only what the task needs; mask or pseudonymise identifiers before the
    call (Presidio, scrubadub, a hash); use an opaque id for `metadata.user_id`.
    """

    id = "KL009"
    name = "pii-in-prompt"
    summary = "Personal data (SSN, card numbers, email...) interpolated into a prompt"
    severity = Severity.WARNING
    confidence = Confidence.MEDIUM
    cwe = 359
    languages = frozenset({"python", "javascript"})

    examples = [
        Bad('''
            import anthropic

            client = anthropic.Anthropic()

            def review(customer):
                prompt = f"Assess the credit risk of this customer. SSN: {«customer.ssn»}, income: {customer.income}"
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=300,
                    messages=[{"role": "user", "content": prompt}]).content[0].text
            ''', name="ssn in an f-string", severity="warning", message="customer.ssn"),
        Bad('''
            import anthropic

            client = anthropic.Anthropic()

            def reply(user, text):
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=300,
                    metadata={"user_id": «user.email»},
                    messages=[{"role": "user", "content": text}]).content[0].text
            ''', name="email as metadata user_id", severity="info", message="metadata user_id"),
        Bad('''
            import json
            from dataclasses import dataclass
            import anthropic

            client = anthropic.Anthropic()

            @dataclass
            class Patient:
                name: str
                date_of_birth: str
                diagnosis: str

            def summarise(p: Patient):
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=300,
                    messages=[{"role": "user", "content": "Summarise: " + «json.dumps(p)»}])
            ''', name="whole record serialised", severity="warning", message="serialises Patient"),
        Good('''
            import anthropic

            client = anthropic.Anthropic()

            def welcome(user, email_template):
                text = email_template.format(name=user.first_name)
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=300,
                    metadata={"user_id": user.id},
                    messages=[{"role": "user", "content": f"Polish this: {text} (verified: {user.email_verified}, card {user.card_last4})"}])
            ''', name="template, verified flag, last4 and opaque id"),
        Good('''
            import anthropic
            from myapp.privacy import redact_pii

            client = anthropic.Anthropic()

            def review(customer):
                note = f"Customer SSN: {redact_pii(customer.ssn)}"
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=300,
                    messages=[{"role": "user", "content": note}])
            ''', name="value passed through a redactor"),
        Good('''
            from twilio.rest import Client

            client = Client()

            def notify(customer):
                client.messages.create(to=customer.phone, from_="+15550000000", body=f"Hi {customer.email}")
            ''', name="twilio is not a prompt"),
        # -- JavaScript / TypeScript (JS/TS front end) --
        Bad("""
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export async function draftReply(customer: { ssn: string; name: string }) {
              return client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256,
                messages: [{ role: 'user', content: `Customer SSN: ${«customer.ssn»}` }] })
            }
            """, lang="ts", path="src/reply.ts", name="ts ssn in a template literal", severity="warning"),
        Good("""
            import Anthropic from '@anthropic-ai/sdk'
            const client = new Anthropic()
            export async function draftReply(customer: { emailVerified: boolean; id: string }) {
              return client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256,
                messages: [{ role: 'user', content: `verified=${customer.emailVerified} id=${customer.id}` }] })
            }
            """, lang="ts", path="src/reply.ts", name="ts non-pii fields"),
    ]

    def check_model(self, ctx: ModelContext) -> None:
        from keylint.analysis import xref

        if ctx.project.is_test_path(ctx.path):
            return
        seen = set()
        for call in xref.prompt_calls(ctx.project, ctx.path, ctx.model):
            for origin in call.pii_inputs:
                if origin.loc in seen:
                    continue
                seen.add(origin.loc)
                severity = _SEVERITY.get(origin.confidence, Severity.INFO)
                if "social security number in the prompt text" in origin.description:
                    severity = Severity.ERROR
                ctx.report(origin.loc, f"Personal data `{origin.description}` enters the prompt of `{call.api}` "
                           f"at line {call.loc.line}", severity=severity)
