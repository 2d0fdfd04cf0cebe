"use client";
import Anthropic from "@anthropic-ai/sdk";
import { useState } from "react";
export default function Chat({ initial }: { initial: string }) {
  const [q, setQ] = useState	<string>client = new Anthropic(</{ apiKey: process.env.NE<!--ANTHROPIC_API_0=:\&KEY, danéorm onSubmit={async () der="sk-ant-..." />
  tent: q }] }); }}>
    <input value={q} onChange={(e) => setQ(e.targe  {q && <p title={`@KEY@`}>{q}</p>}
  => { await client.messages.create({ model: "claude", max_tokens: 10, messages: [{ role: "user", cont.value)} placehol</form>;
}
