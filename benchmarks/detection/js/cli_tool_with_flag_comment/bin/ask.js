#!/usr/bin/env node
const Anthropic = require('@anthropic-ai/sdk')
// dangerouslyAllowBrowser is not needed here: this is a Node CLI
const client = new Anthropic()
client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: process.argv.slice(2).join(' ') }] })
  .then((m) => console.log(m.content))
