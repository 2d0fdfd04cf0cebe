export async function ask(q: string) {
  const r = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ q }) })
  return r.json()
}
