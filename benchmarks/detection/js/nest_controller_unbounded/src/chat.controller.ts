import { Body, Controller, Post } from '@nestjs/common'
import Anthropic from '@anthropic-ai/sdk'

class AskDto {
  question: string
}

@Controller('chat')
export class ChatController {
  private readonly client = new Anthropic()

  @Post('ask')
  async ask(@Body() dto: AskDto) { // expect: KL008
    return this.client.messages.create({ // expect: KL004, KL005
      model: 'claude-sonnet-4-5', max_tokens: 512,
      messages: [{ role: 'user', content: dto.question }],
    })
  }
}
