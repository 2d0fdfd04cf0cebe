export const config = {
  claudeEnabled: import.meta.env.VITE_CLAUDE_ENABLED === 'true',
  claudeModel: import.meta.env.VITE_ANTHROPIC_MODEL ?? 'claude-haiku-4-5',
  apiBase: import.meta.env.VITE_API_BASE_URL,
}
