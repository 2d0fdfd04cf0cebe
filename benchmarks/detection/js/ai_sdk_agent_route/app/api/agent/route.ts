import { createAgentUIStreamResponse } from 'ai'
import { supportAgent } from '@/agent/support'

export async function POST(req: Request) { // expect: KL008
  const { messages } = await req.json()
  return createAgentUIStreamResponse({ agent: supportAgent, uiMessages: messages }) // expect: KL004, KL007
}
