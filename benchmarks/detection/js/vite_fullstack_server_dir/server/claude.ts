import Anthropic from '@anthropic-ai/sdk'
// runs in Node behind the dev/prod server, never bundled into the SPA
export const claude = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY })
export async function tagline() {
  const msg = await claude.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50,
    messages: [{ role: 'user', content: 'Write a tagline for a bakery.' }] })
  return msg.content
}
