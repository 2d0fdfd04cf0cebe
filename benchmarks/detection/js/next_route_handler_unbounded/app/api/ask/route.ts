import Anthropic from '@anthropic-ai/sdk'
import { NextResponse } from 'next/server'

const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY })

export async function POST(request: Request) { // expect: KL008
  const { prompt } = await request.json()
  const msg = await anthropic.messages.create({ // expect: KL004
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: 'You are a helpful assistant.', // expect: KL005
    messages: [{ role: 'user', content: prompt }],
  })
  return NextResponse.json(msg)
}
