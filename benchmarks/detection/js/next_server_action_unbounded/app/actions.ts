'use server'
import { generateText } from 'ai'
import { anthropic } from '@ai-sdk/anthropic'

export async function summarize(formData: FormData) { // expect: KL008
  const text = String(formData.get('text'))
  const { text: summary } = await generateText({ model: anthropic('claude-haiku-4-5'), prompt: `Summarize: ${text}` }) // expect: KL004, KL005
  return summary
}
