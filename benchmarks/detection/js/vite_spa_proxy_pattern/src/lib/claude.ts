import Anthropic from '@anthropic-ai/sdk'

// the key stays on our server: /api/anthropic forwards to api.anthropic.com
export const anthropic = new Anthropic({
  baseURL: `${window.location.origin}/api/anthropic`,
  apiKey: 'unused-proxy-placeholder',
  dangerouslyAllowBrowser: true,
})
