import { ChatAnthropic } from '@langchain/anthropic'
import { readFileSync } from 'node:fs'

const llm = new ChatAnthropic({ model: 'claude-sonnet-4-5', apiKey: process.env.ANTHROPIC_API_KEY })
const notes = readFileSync('CHANGELOG.md', 'utf8')
const res = await llm.invoke([['system', 'Summarise release notes.'], ['human', notes]])
console.log(res.content)
