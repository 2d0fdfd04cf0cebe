import express from 'express'
import rateLimit from 'express-rate-limit'
const app = express()
app.use(rateLimit({ windowMs: 60000, limit: 60 }))
app.get('/debug/config', (req, res) => {
  res.json({ model: 'claude-sonnet-4-5', key: process.env.ANTHROPIC_API_KEY }) // expect: KL010
})
app.listen(8080)
