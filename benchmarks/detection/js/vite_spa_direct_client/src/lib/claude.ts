import Anthropic from '@anthropic-ai/sdk'

export const anthropic = new Anthropic({ // expect: KL003
  apiKey: import.meta.env.VITE_ANTHROPIC_API_KEY, // expect: KL006
  dangerouslyAllowBrowser: true,
})

export async function ask(question: string) {
  const msg = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 300,
    messages: [{ role: 'user', content: question }] })
  return msg.content
}
