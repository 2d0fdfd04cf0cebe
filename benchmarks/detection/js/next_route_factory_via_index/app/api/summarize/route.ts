import { summarize } from '@/lib/ai'
export async function POST(req: Request) { // expect: KL008
  const { text } = await req.json()
  return Response.json(await summarize(String(text)))
}
