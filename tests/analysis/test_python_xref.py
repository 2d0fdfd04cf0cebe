"""Phase-2 joins of the Python front end's facts (keylint.analysis.xref) over a small project."""

from __future__ import annotations

import textwrap

from keylint.analysis import xref
from keylint.analysis.python import build_model
from keylint.project import FileEntry, Project
from keylint.source import SourceFile


def project(files: dict[str, str]) -> Project:
    proj = Project(root="/nonexistent", files={p: FileEntry(p) for p in files})
    for path, code in files.items():
        text = textwrap.dedent(code).lstrip("\n")
        if path.endswith(".py"):
            proj.models[path] = build_model(SourceFile.from_text(path, text))
        proj.texts[path] = text
    return proj


def calls(proj: Project, path: str):
    return xref.prompt_calls(proj, path, proj.models[path])


LLM = "import anthropic\nclient = anthropic.Anthropic()\ndef get_client():\n    return client\n"


def test_imported_client_is_confirmed_and_twilio_is_not():
    proj = project({
        "app/llm.py": LLM,
        "app/main.py": """
            from twilio.rest import Client
            from app.llm import client, get_client
            from app.other import thing
            tw = Client()
            client.messages.create(model="m", max_tokens=1, messages=[])
            get_client().messages.create(model="m", max_tokens=1, messages=[])
            thing.messages.create(model="m", max_tokens=1, messages=[])
            tw.messages.create(to="1", body="x")
            """,
        "app/other.py": "thing = object()\n",
    })
    found = calls(proj, "app/main.py")
    assert [c.loc.line for c in found] == [5, 6]
    assert all(c.confidence == "high" for c in found)


def test_relative_and_rooted_module_resolution():
    proj = project({"pkg/llm.py": LLM, "pkg/views.py": "from .llm import client\n", "main.py": "x = 1\n"})
    assert xref.resolve_python_module(proj, "pkg/views.py", ".llm") == "pkg/llm.py"
    assert xref.resolve_python_module(proj, "main.py", "pkg.llm") == "pkg/llm.py"
    # the scan root sits inside the package: `from app.llm import x` from `main.py` next to llm.py
    proj2 = project({"llm.py": LLM, "main.py": "x = 1\n"})
    assert xref.resolve_python_module(proj2, "main.py", "app.llm") == "llm.py"
    assert xref.resolve_python_module(proj, "main.py", "missing.mod") is None


def test_system_prompt_constant_from_another_module():
    proj = project({
        "prompts.py": 'SYSTEM = "You are a helpful assistant."\nOTHER = some_call()\n',
        "app.py": """
            import anthropic
            from prompts import SYSTEM, OTHER
            c = anthropic.Anthropic()
            c.messages.create(system=SYSTEM, messages=[])
            c.messages.create(system=OTHER, messages=[])
            """,
    })
    first, second = calls(proj, "app.py")
    assert first.system_resolvable and first.system.known_text == "You are a helpful assistant."
    assert first.system.resolved_from == "prompts.py:SYSTEM"
    assert not second.system_resolvable


def test_prompt_file_resolved_from_project_texts():
    proj = project({
        "prompts/system.md": "You are Acme's assistant.\n",
        "app.py": """
            import anthropic
            c = anthropic.Anthropic()
            c.messages.create(system=open("prompts/system.md").read(), messages=[])
            c.messages.create(system=open("prompts/missing.md").read(), messages=[])
            """,
    })
    found, missing = calls(proj, "app.py")
    assert found.system.known_text == "You are Acme's assistant.\n" and found.system_resolvable
    assert not missing.system_resolvable


def test_imported_request_model_bounds():
    proj = project({
        "schemas.py": """
            from pydantic import BaseModel, Field
            class Ask(BaseModel):
                capped: str = Field(max_length=100)
                free: str
            """,
        "api.py": """
            import anthropic
            from fastapi import FastAPI
            from schemas import Ask
            app = FastAPI()
            c = anthropic.Anthropic()
            @app.post("/a")
            def a(body: Ask):
                c.messages.create(messages=[{"role": "user", "content": body.capped + body.free}])
            """,
    })
    (call,) = [c for c in calls(proj, "api.py") if c.handler]
    state = {o.description: o.bounded for o in call.inputs}
    assert state == {"body.capped": True, "body.free": False}


def test_imported_request_model_bounds_through_a_package_and_a_helper():
    # the schema module mentions nothing Anthropic: phase 2 models it on demand, through the
    # package that re-exports the class; the bound also holds when the handler calls a helper
    proj = project({
        "app/models/__init__.py": "from .chat import Ask\n",
        "app/models/chat.py": """
            from pydantic import BaseModel, Field
            class Ask(BaseModel):
                capped: str = Field(max_length=100)
                free: str
            """,
        "app/llm.py": """
            import anthropic
            client = anthropic.Anthropic()
            def ask(question):
                return client.messages.create(system="You are helpful.", messages=[{"role": "user", "content": question}])
            """,
        "app/api.py": """
            from fastapi import FastAPI
            from app.models import Ask
            from app.llm import ask
            app = FastAPI()
            @app.post("/a")
            def a(body: Ask):
                return ask(body.capped)
            @app.post("/b")
            def b(body: Ask):
                return ask(body.free)
            """,
    })
    state = {o.description: o.bounded for c in calls(proj, "app/api.py") for o in c.inputs}
    assert state == {"body.capped": True, "body.free": False}


def test_handler_through_imported_helper():
    proj = project({
        "services/claude.py": """
            import anthropic
            client = anthropic.Anthropic()
            def ask(question):
                return client.messages.create(system="You are helpful.", messages=[{"role": "user", "content": question}])
            """,
        "web.py": """
            from flask import Flask, request
            from services.claude import ask
            app = Flask(__name__)
            @app.post("/ask")
            def route():
                return ask(request.json["q"])
            """,
    })
    found = calls(proj, "web.py")
    # one join carries the user input, one only records that the handler reaches Claude (KL008)
    (joined,) = [c for c in found if c.inputs]
    assert {c.loc.line for c in found} == {6} and all(c.handler.startswith("route@") for c in found)
    assert joined.api == "ask() -> messages.create"
    assert [o.description for o in joined.inputs] == ["request.json['q']"]
    assert joined.system.known_text == "You are helpful." and joined.system_loc is None


def test_test_paths():
    from keylint.config import DEFAULT_TEST_PATHS
    from keylint.project import Project

    proj = Project(root="/x")
    proj.memo["test_paths"] = DEFAULT_TEST_PATHS
    for path in ("tests/test_app.py", "app/tests/x.py", "conftest.py", "test_x.py", "x_test.py",
                 "fixtures/a.py", "src/__tests__/a.tsx", "web/chat.spec.ts", "api/route.test.js"):
        assert proj.is_test_path(path), path
    for path in ("app.py", "contest/app.py", "latest/app.py", "src/testimonials.tsx", "attest.py"):
        assert not proj.is_test_path(path), path
    configured = Project(root="/x")
    configured.memo["test_paths"] = ()
    assert not configured.is_test_path("tests/test_app.py")


def test_argument_that_does_not_reach_the_prompt_is_not_joined_as_input():
    proj = project({
        "svc.py": """
            import anthropic
            from lookup import get_amount
            client = anthropic.Anthropic()
            def classify(docs, tracking_number):
                amount = get_amount(tracking_number)
                return client.messages.create(messages=[{"role": "user", "content": f"{docs} {amount}"}])
            """,
        "lookup.py": "def get_amount(n):\n    return 1\n",
        "web.py": """
            from flask import Flask, request
            from svc import classify
            app = Flask(__name__)
            @app.post("/c")
            def route():
                return classify(["doc"], request.json["n"])
            """,
    })
    found = calls(proj, "web.py")
    assert found and all(not c.inputs for c in found)
    assert proj.models["svc.py"].prompt_calls[0].param_inputs == ("0:docs",)


def test_unresolved_receiver_in_a_module_without_the_sdk_needs_a_client_in_the_project():
    chat = """
        async def reply(cog, messages):
            return await cog.client.messages.create(model="m", max_tokens=1, messages=messages)
        """
    alone = project({"chat.py": chat, "twilio_sms.py": "from twilio.rest import Client\nClient().messages.create(body='x')\n"})
    assert calls(alone, "chat.py") == [] and calls(alone, "twilio_sms.py") == []
    withsdk = project({"chat.py": chat, "client.py": "from anthropic import AsyncAnthropic\ndef build():\n    return AsyncAnthropic()\n"})
    (call,) = calls(withsdk, "chat.py")
    assert call.confidence == "medium" and call.receiver_ref is None


def test_to_thread_and_platform_bounds():
    m = build_model(SourceFile.from_text("bot.py", textwrap.dedent("""
        import asyncio, anthropic, discord
        client = anthropic.Anthropic()
        bot = discord.Client()
        @bot.event
        async def on_message(message):
            await asyncio.to_thread(client.messages.create, model="m", max_tokens=5,
                                    messages=[{"role": "user", "content": message.content}])
        """)))
    (call,) = [c for c in m.prompt_calls if c.handler]
    assert call.inputs[0].bounded and "discord" in call.inputs[0].bound
