export async function ask(q: string) {
  return (await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ q }) })).json()
}
