'use client'
import { claude } from '@/lib/claude'
export default function Assistant() {
  return <pre>{String(Boolean(claude))}</pre>
}
