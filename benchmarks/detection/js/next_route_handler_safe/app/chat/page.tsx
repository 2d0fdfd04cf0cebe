'use client'
export default function Page() {
  async function ask(q: string) {
    const r = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ prompt: q }) })
    return r.json()
  }
  return <button onClick={() => ask('hi')}>Ask Claude</button>
}
