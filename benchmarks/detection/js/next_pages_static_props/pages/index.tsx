import Anthropic from '@anthropic-ai/sdk'

export default function Home({ tip }: { tip: string }) {
  return <p>{tip}</p>
}

export async function getStaticProps() {
  const client = new Anthropic()
  const msg = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100,
    messages: [{ role: 'user', content: 'One short tip about gardening.' }] })
  return { props: { tip: String(msg.content) }, revalidate: 3600 }
}
