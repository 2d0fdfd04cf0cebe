import { Ratelimit } from '@upstash/ratelimit'
import { Redis } from '@upstash/redis'
import { NextResponse, type NextRequest } from 'next/server'
const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(10, '60 s') })
export async function middleware(req: NextRequest) {
  const { success } = await ratelimit.limit(req.ip ?? 'anon')
  return success ? NextResponse.next() : new NextResponse('slow down', { status: 429 })
}
export const config = { matcher: '/api/:path*' }
