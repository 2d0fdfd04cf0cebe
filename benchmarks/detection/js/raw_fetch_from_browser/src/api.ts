export async function ask(question: string) {
  const res = await fetch('https://api.anthropic.com/v1/messages', { // expect: KL003
    method: 'POST',
    headers: {
      'x-api-key': import.meta.env.VITE_ANTHROPIC_API_KEY, // expect: KL006
      'anthropic-version': '2023-06-01',
      'anthropic-dangerous-direct-browser-access': 'true',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: question }] }),
  })
  return res.json()
}
