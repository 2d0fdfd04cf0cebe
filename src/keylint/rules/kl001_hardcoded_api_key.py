from __future__ import annotations

from keylint.analysis import secrets
from keylint.findings import Confidence, Severity
from keylint.rule import Bad, FileContext, FixSafety, Good, ModelContext, Rule, secret_hash


class HardcodedApiKey(Rule):
    """
    An Anthropic credential written into a file is leaked to everyone who can read the
    repository, a package built from it, a CI log or a notebook shared by mail, and deleting the
    line later does not remove it from git history. Keys are found by their shape in every text
    file: source code, `.env` and config files, Dockerfiles, shell scripts, Markdown, and the cells
    **and outputs** of Jupyter notebooks (also when JSON-escaped, where gitleaks misses them).

    Recognised forms: API keys `sk-ant-api03-…` and Admin keys `sk-ant-admin01-…` (93 characters
    and `AA`, high confidence); Claude Enterprise `sk-ant-api01-`, OAuth `sk-ant-oat01-` /
    `sk-ant-ort01-` and session `sk-ant-sid01-` credentials (medium confidence); future
    `sk-ant-<kind><NN>-` forms (low confidence). Placeholders such as `sk-ant-...`,
    `sk-ant-api03-YOUR_KEY_HERE` or bodies of repeated or ascending characters are not reported;
    a placeholder that has the exact shape of an API key is reported as a warning ("probable test
    vector"). A non-key string literal passed as `api_key` / `apiKey` / `auth_token` to an
    Anthropic client is reported too (medium confidence).

    **What to do:** remove the key, **rotate it in the Claude Console** (it is compromised the
    moment it is pushed), and let the SDK read `ANTHROPIC_API_KEY` from the environment: both the
    Python and the TypeScript clients do so when no key is passed. Keep the key in an ignored
    `.env` file or a secret manager. An ignored `.env` is the right place and is not reported in a
    full scan (keylint takes git's view of which files belong to the repository).
    """

    id = "KL001"
    name = "hardcoded-api-key"
    summary = "Anthropic credential written into a file"
    severity = Severity.ERROR
    confidence = Confidence.HIGH
    cwe = 798
    languages = frozenset({"*", "python", "javascript"})
    keywords = (secrets.PREFIX,)
    #: the engine also runs this rule over binary and oversized files, byte by byte
    scans_binary = True
    fix = FixSafety.UNSAFE
    fix_safety = (
        "Unsafe (applied with `--unsafe-fixes`): in Python (libcst) and JavaScript/TypeScript "
        "(tree-sitter) a string literal that is exactly the key becomes `os.environ[\"ANTHROPIC_API_KEY\"]` "
        "(adding `import os`) or `process.env.ANTHROPIC_API_KEY` (`ANTHROPIC_ADMIN_KEY` for an Admin key). "
        "It changes behaviour: the program now needs the variable set. Keys inside larger strings, "
        "notebooks and other files are left for a person. The fixed file is re-parsed and re-checked "
        "before it is written. The fix does not make the key safe again: **rotate it**, because it "
        "stays in git history."
    )

    examples = [
        Bad('import anthropic\n\nclient = anthropic.Anthropic(api_key="«@KEY@»")\n',
            name="python client literal",
            fixed='import os\nimport anthropic\n\nclient = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n'),
        Bad('const client = new Anthropic({ apiKey: "«@KEY@»" });\n', lang="ts", name="ts client literal",
            fixed="const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n"),
        Bad("ANTHROPIC_API_KEY=«@KEY@»\n", lang="env", name="dotenv value"),
        Bad("export ANTHROPIC_API_KEY='«@ADMIN_KEY@»'\n", lang="sh", name="admin key in shell"),
        Bad("services:\n  api:\n    environment:\n      ANTHROPIC_API_KEY: «@KEY@»\n", lang="yaml",
            name="compose file"),
        Bad("Run it with `ANTHROPIC_API_KEY=«@KEY@» python app.py`.\n", lang="md", name="markdown"),
        Bad('{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": [\n'
            '  "import anthropic\\n",\n'
            '  "client = anthropic.Anthropic(api_key=\\"«@KEY@»\\")"\n'
            ']}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
            lang="ipynb", name="notebook cell, JSON-escaped", message="cell 1 (code), line 2"),
        Bad('{"cells": [{"cell_type": "code", "metadata": {}, "source": ["print(key)"], "outputs": [\n'
            '  {"output_type": "stream", "name": "stdout", "text": ["«@KEY@»\\n"]}\n'
            ']}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
            lang="ipynb", name="notebook output", message="output of cell 1"),
        Bad("CLAUDE_CODE_OAUTH_TOKEN=«@OAUTH_KEY@»\n", lang="env", name="oauth token",
            message="OAuth access token"),
        Bad('client = Anthropic(api_key="«sk-ant-api03-@TEST_VECTOR_BODY@»")\n',
            name="test-vector shaped key", severity="warning", message="probable test vector"),
        Bad('client = anthropic.Anthropic(api_key=«"@GENERIC_SECRET@"»)\n',
            name="non-key literal as api_key", message="String literal passed as `api_key`"),
        Bad('import Anthropic from "@anthropic-ai/sdk";\n\nconst client = new Anthropic({ «apiKey: "@GENERIC_SECRET@"» });\n', lang="ts",
            name="non-key literal as apiKey", message="String literal passed as `apiKey`"),
        Good('client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n', name="env read"),
        Good("client = anthropic.Anthropic()\n", name="sdk reads the environment"),
        Good('const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n', lang="ts",
             name="ts env read"),
        Good("ANTHROPIC_API_KEY=sk-ant-...\n", lang="env", name="ellipsis placeholder"),
        Good("ANTHROPIC_API_KEY=sk-ant-api03-YOUR_KEY_HERE\n", lang="env", name="your key here"),
        Good("ANTHROPIC_API_KEY=sk-ant-xxx\n", lang="env", name="xxx placeholder"),
        Good("KEY = 'sk-ant-api01-abcdefghijklmnopqrstuvwxyz123456'\n", name="alphabet placeholder"),
        Good("KEY = 'sk-ant-api01-' + 'x' * 90\n", name="built placeholder"),
        Good("PATTERN = r'sk-ant-[A-Za-z0-9_-]+'\n", name="a detector regex"),
        Good('<input placeholder="sk-ant-…" />\n', lang="html", name="ellipsis in a form"),
        Good('client = anthropic.Anthropic(api_key="your-api-key")\n', name="placeholder literal"),
        Good('const client = new Anthropic({ apiKey: "proxy", baseURL: "/api/claude" });\n', lang="ts",
             name="proxy placeholder"),
    ]

    def check_file(self, ctx: FileContext) -> None:
        source = ctx.source
        matches = secrets.find_keys(source.text)
        if not matches:
            return
        cells = None
        if source.language == "notebook":
            cells = _notebook_cells(source.text)
        for m in matches:
            if not m.is_reportable:
                continue
            if not m.is_placeholder:
                ctx.flag("has-credential")
            key = source.text[m.start:m.end]
            shown = secrets.redact(key)
            where = ""
            if cells:
                where = _cell_label(cells, m.start)
            if m.is_placeholder:
                message = f"Anthropic {m.label} `{shown}` has the exact shape of a real key: probable test vector"
                severity = Severity.WARNING
            else:
                message = f"Anthropic {m.label} `{shown}` written into the file"
                severity = Severity.ERROR if m.confidence >= Confidence.MEDIUM else Severity.WARNING
            if where:
                message += f" ({where})"
            ctx.report(source.span(m.start, m.end), message, severity=severity,
                       confidence=m.confidence, match_key=secret_hash(key))

    def check_model(self, ctx: ModelContext) -> None:
        for client in ctx.model.clients:
            if client.api_key_literal != "secret" or client.api_key_loc is None:
                continue
            param = "apiKey" if ctx.model.language == "javascript" else "api_key"
            ctx.report(client.api_key_loc,
                       f"String literal passed as `{param}` to `{client.class_name}`: a hardcoded credential",
                       confidence=Confidence.MEDIUM, match_key=client.api_key_hash or None)


def _notebook_cells(text: str):
    from keylint.notebook import NotebookError, cells

    try:
        return cells(text)
    except NotebookError:
        return None


def _cell_label(nb_cells, offset: int) -> str:
    for cell in nb_cells:
        for number, line in enumerate(cell.lines, start=1):
            if line.file_offset < 0:
                continue
            if line.file_offset <= offset < line.file_offset + len(line.encoded):
                return f"{cell.label}, line {number}"
    return ""
