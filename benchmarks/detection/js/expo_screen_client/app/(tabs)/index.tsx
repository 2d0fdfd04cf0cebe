import Anthropic from '@anthropic-ai/sdk'
import { Text } from 'react-native'

const client = new Anthropic({ apiKey: process.env.EXPO_PUBLIC_ANTHROPIC_API_KEY }) // expect: KL003, KL006

export default function Home() {
  return <Text>{client ? 'ready' : 'no client'}</Text>
}
