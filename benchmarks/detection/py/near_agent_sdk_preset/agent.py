import anyio
from claude_agent_sdk import ClaudeAgentOptions, query


async def main(task: str):
    options = ClaudeAgentOptions(system_prompt={"type": "preset", "preset": "claude_code"},
                                 allowed_tools=["Read"])
    async for message in query(prompt=task, options=options):
        print(message)


anyio.run(main, "Summarise README.md")
