from fastapi import FastAPI
from langchain_anthropic import ChatAnthropic
from langchain_core.prompts import ChatPromptTemplate

app = FastAPI()
llm = ChatAnthropic(model="claude-sonnet-4-5", max_tokens=512)
prompt = ChatPromptTemplate.from_messages(
    [("system", "You are a helpful travel assistant."), ("human", "{question}")]  # expect: KL005
)
chain = prompt | llm


@app.get("/travel")
def travel(question: str):  # expect: KL008
    return {"answer": chain.invoke({"question": question}).content}  # expect: KL004
