import Anthropic from '@anthropic-ai/sdk'

export const claude = new Anthropic({ apiKey: process.env.NEXT_PUBLIC_CLAUDE_API_KEY, dangerouslyAllowBrowser: true }) // expect: KL003, KL006
