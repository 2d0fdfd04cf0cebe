import Anthropic from '@anthropic-ai/sdk'

// Bring-your-own-key app: each user pastes their own key, stored only in this browser
export function clientFromSettings() {
  const key = localStorage.getItem('anthropic-key') ?? ''
  return new Anthropic({ apiKey: key, dangerouslyAllowBrowser: true }) // expect: KL003
}
