const express = require('express')
const twilio = require('twilio')

const app = express()
const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN)

// "messages.create" here sends an SMS, not a Claude prompt
app.post('/notify', async (req, res) => {
  await client.messages.create({ to: req.body.to, from: '+15550100', body: req.body.text })
  res.sendStatus(204)
})
app.listen(3000)
