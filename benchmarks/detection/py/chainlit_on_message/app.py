import anthropic
import chainlit as cl

client = anthropic.AsyncAnthropic()


@cl.on_message
async def main(message: cl.Message):
    resp = await client.messages.create(  # expect: KL004, KL005
        model="claude-sonnet-4-5",
        max_tokens=1024,
        messages=[{"role": "user", "content": message.content}],
    )
    await cl.Message(content=resp.content[0].text).send()
