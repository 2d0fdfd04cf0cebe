'use client'
import Anthropic from '@anthropic-ai/sdk'
import { useState } from 'react'

const client = new Anthropic({ apiKey: process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY, dangerouslyAllowBrowser: true }) // expect: KL003, KL006

export function Chat() {
  const [reply, setReply] = useState('')
  async function send(text: string) {
    const msg = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256,
      messages: [{ role: 'user', content: text }] })
    setReply(String(msg.content))
  }
  return <button onClick={() => send('hello')}>{reply}</button>
}
