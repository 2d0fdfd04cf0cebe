import { defineConfig } from 'vite'
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('1.2.3'), 'import.meta.env.CLAUDE_MODEL': JSON.stringify('claude-sonnet-4-5') },
})
