import Anthropic from '@anthropic-ai/sdk'
export const getAnthropic = () => new Anthropic()
