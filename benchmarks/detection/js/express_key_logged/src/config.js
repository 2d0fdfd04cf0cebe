require('dotenv/config')

const apiKey = process.env.ANTHROPIC_API_KEY
console.log(`Starting with Anthropic key ${apiKey}`) // expect: KL010

module.exports = { apiKey }
