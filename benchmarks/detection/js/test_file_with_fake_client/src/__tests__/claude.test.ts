import Anthropic from '@anthropic-ai/sdk'
import { test, expect } from 'vitest'

test('builds a client', () => {
  const client = new Anthropic({ apiKey: 'test-key', baseURL: 'http://localhost:4010' })
  expect(client).toBeTruthy()
})
