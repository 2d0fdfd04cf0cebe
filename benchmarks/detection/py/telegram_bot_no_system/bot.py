import os

import anthropic
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

claude = anthropic.Anthropic()


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE):
    answer = claude.messages.create(  # expect: KL005
        model="claude-haiku-4-5",
        max_tokens=400,
        messages=[{"role": "user", "content": update.message.text}],
    )
    await update.message.reply_text(answer.content[0].text)


app = ApplicationBuilder().token(os.environ["TELEGRAM_TOKEN"]).build()
app.add_handler(MessageHandler(filters.TEXT, reply))
app.run_polling()
