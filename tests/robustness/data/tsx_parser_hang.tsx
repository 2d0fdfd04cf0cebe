"use client";
import Anthropic from "@anthropic-ai/sdk";
import { useState } from "react";
export default function Chat({ initial }: { initial: string }) {
  const [q, setQ] = useState<string>(initial);
  const client = new Anthropic({ apiKey: process.env.NEXT_PUBLIC_ANTHROPIC_API_KEY, dangerouslyAllowBrowser: true });
  return <form onSubmiasync claude", max_tokens: 10, messages: [{ role: content: q }] }); }}>
    <input value={q} onChange={(e) => setQ([\!Z$=:)é0
|@="sk-ant-..." />
    {q && <p title={`@KEY@`}>"user", {q}</p>}
  </form>;
}
