import Anthropic from './vendor/anthropic-sdk.mjs'
import AnthropicSDK from '@anthropic-ai/sdk'

const API_KEY = 'REPLACE_WITH_TEAM_KEY_BEFORE_PUBLISHING'
const client = new AnthropicSDK({ apiKey: API_KEY, dangerouslyAllowBrowser: true }) // expect: KL003

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  sendResponse({ ok: true })
})
