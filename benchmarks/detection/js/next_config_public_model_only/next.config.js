module.exports = {
  env: { NEXT_PUBLIC_CLAUDE_MODEL: 'claude-sonnet-4-5', NEXT_PUBLIC_CHAT_ENABLED: 'true' },
}
