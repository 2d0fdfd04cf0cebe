from langchain_anthropic import ChatAnthropic

llm = ChatAnthropic(model="claude-haiku-4-5")
print("Configured:", llm.anthropic_api_key)
print(llm.model)
