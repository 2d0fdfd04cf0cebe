const express = require('express')
const Anthropic = require('@anthropic-ai/sdk')

const app = express()
app.use(express.json())
const anthropic = new Anthropic()

app.post('/api/chat', async (req, res) => { // expect: KL008
  const { message } = req.body
  const reply = await anthropic.messages.create({ // expect: KL004
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: 'You are a friendly chatbot for our website.', // expect: KL005
    messages: [{ role: 'user', content: message }],
  })
  res.json(reply)
})

app.listen(3000)
