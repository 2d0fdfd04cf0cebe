import { useState } from 'react'
export default function App() {
  const [t] = useState('')
  return <h1>{t}</h1>
}
