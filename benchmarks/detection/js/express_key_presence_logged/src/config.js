require('dotenv/config')

const apiKey = process.env.ANTHROPIC_API_KEY
console.log('Anthropic key configured:', Boolean(apiKey), 'prefix:', apiKey ? apiKey.slice(0, 7) : 'none')
if (!apiKey) console.warn('ANTHROPIC_API_KEY is missing')

module.exports = { apiKey }
