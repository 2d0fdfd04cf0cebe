import Anthropic from '@anthropic-ai/sdk'
import { PUBLIC_ANTHROPIC_API_KEY } from '$env/static/public' // expect: KL006

export const claude = new Anthropic({ apiKey: PUBLIC_ANTHROPIC_API_KEY, dangerouslyAllowBrowser: true }) // expect: KL003
