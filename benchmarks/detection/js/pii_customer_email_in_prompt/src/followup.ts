import Anthropic from '@anthropic-ai/sdk'

const client = new Anthropic()

export async function draftFollowUp(customer: { name: string; ssn: string; plan: string }) {
  return client.messages.create({
    model: 'claude-haiku-4-5', max_tokens: 300,
    messages: [{ role: 'user', content: `Write a renewal note for plan ${customer.plan}. SSN on file: ${customer.ssn}` }], // expect: KL009
  })
}
