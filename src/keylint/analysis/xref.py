"""Phase-2 joins over the models of the whole project (used by the flow rules KL004-KL010).

Front ends leave a few facts unresolved because they need another file:

- ``PromptCall.receiver_ref = (module, name)``: the receiver is a name imported from another
  module of the repository (``from app.llm import client``; ``name()`` for a factory
  ``get_client()``). The call counts only if that module's ``FileModel.client_exports`` lists
  the name: one hop of cross-module client resolution. Unconfirmed calls are dropped.
- ``PromptCall.system_ref = (module, NAME)``: a system prompt imported from another module; it is
  replaced by that module's constant. ``("@file", path)``: a prompt file read from a literal
  path; it is replaced by the file's text (``project.text_of``: kept by phase 1 or read on demand).
- an :class:`Origin` whose ``bound`` is ``"?model:Class.field"``: a request model declared in
  another module; it is bounded when the module the class is imported from (modelled on demand)
  lists ``("field_bound", "Class.field=...")`` in ``FileModel.extra``, or else any modelled one does.

Everything is memoised in ``project.memo``. The helpers are language-neutral: a JS front end
that fills the same fields gets the same joins (module resolution is per language below).
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import TYPE_CHECKING

from keylint.analysis.model import FileModel, Origin, PromptCall, TextValue

if TYPE_CHECKING:
    from keylint.project import Project


def resolve_python_module(project: Project, from_path: str, module: str) -> str | None:
    """``app.llm`` / ``.llm`` / ``..prompts`` imported from ``from_path`` -> a project relpath."""
    memo_key = f"pymod:{from_path}:{module}"
    if memo_key in project.memo:
        return project.memo[memo_key]
    found = None
    level = len(module) - len(module.lstrip("."))
    rest = module[level:].replace(".", "/")
    bases: list[str] = []
    here = posixpath.dirname(from_path)
    if level:
        base = here
        for _ in range(level - 1):
            base = posixpath.dirname(base)
        bases = [base]
    else:
        bases = [""]
        d = here
        while d:
            bases.append(d)
            d = posixpath.dirname(d)
        bases.append("src")
    segments = rest.split("/") if rest else []
    tries = [(base, rest) for base in bases]
    if not level:
        # the scan root may sit inside the package: `app.llm` from `main.py` scanned in app/
        for i in range(1, len(segments)):
            tail = "/".join(segments[i:])
            tries += [(base, tail) for base in bases]
    for base, rest in tries:
        stem = posixpath.join(base, rest) if rest else base
        for cand in (stem + ".py", posixpath.join(stem, "__init__.py")):
            cand = cand.lstrip("/")
            if cand in project.models or cand in project.files:
                found = cand
                break
        if found:
            break
    project.memo[memo_key] = found
    return found


def _field_bounds(project: Project) -> dict[str, str]:
    bounds = project.memo.get("xref:field_bounds")
    if bounds is None:
        bounds = {}
        for model in project.models.values():
            for key, value in model.extra:
                if key == "field_bound" and "=" in value:
                    name, _, how = value.partition("=")
                    bounds.setdefault(name, how)
        project.memo["xref:field_bounds"] = bounds
    return bounds


def _imported_field_bound(project: Project, path: str, model: FileModel, cls: str, fld: str,
                          depth: int = 0) -> str:
    """The bound of ``cls.fld`` where ``cls`` is imported by ``path``: the module it is imported
    from is modelled on demand (:meth:`Project.model_of`), and a package that re-exports the
    class is followed (three hops at most)."""
    for imp in model.imports:
        if cls not in imp.names:
            continue
        target = resolve_python_module(project, path, imp.module)
        other = project.model_of(target) if target and target != path else None
        if other is None:
            continue
        for key, value in other.extra:
            if key == "field_bound" and value.startswith(f"{cls}.{fld}="):
                return value.partition("=")[2]
        if depth < 2:
            return _imported_field_bound(project, target, other, cls, fld, depth + 1)
    return ""


def resolve_origin(project: Project, origin: Origin, path: str = "", model: FileModel | None = None) -> Origin:
    """Apply a bound declared in another module (``?model:Class.field``): the module ``path``
    imports the class from, else any modelled module that declares it."""
    if not origin.bound.startswith("?model:"):
        return origin
    target = origin.bound[len("?model:"):]
    cls, _, fld = target.rpartition(".")
    how = ""
    if path and model is not None and model.language == "python":
        how = _imported_field_bound(project, path, model, cls, fld)
    how = how or _field_bounds(project).get(target, "")
    if how:
        return replace(origin, bounded=True, bound=f"`{fld}: {how}`")
    return replace(origin, bound="")


def _resolve_origins(project: Project, origins: tuple[Origin, ...], path: str = "",
                     model: FileModel | None = None) -> tuple[Origin, ...]:
    return tuple(resolve_origin(project, o, path, model) for o in origins)


def _prompt_file(project: Project, path: str, rel: str) -> str | None:
    rel = rel.lstrip("./") if rel.startswith("./") else rel
    candidates = [posixpath.normpath(rel)]
    d = posixpath.dirname(path)
    while True:
        candidates.append(posixpath.normpath(posixpath.join(d, rel)))
        if not d:
            break
        d = posixpath.dirname(d)
    for cand in candidates:
        if project.text_of(cand) is not None:  # kept by phase 1, or read on demand
            return cand
    return None


def _resolve_system(project: Project, path: str, call: PromptCall, model: FileModel) -> PromptCall:
    ref = call.system_ref
    if ref is None or call.system is None:
        return call
    module, name = ref
    if module == "@file":
        found = _prompt_file(project, path, name)
        if found is None:
            return replace(call, system_resolvable=False)
        text = project.text_of(found) or ""
        return replace(call, system=TextValue(loc=call.system.loc, parts=(text,), resolved_from=found),
                       system_resolvable=True)
    target = _resolve_import(project, path, module, model.language)
    other = project.model_of(target) if target else None
    value = other.constant(name) if other is not None else None
    if value is None:
        return replace(call, system_resolvable=False)
    if value.resolved_from and not value.is_fully_known:
        # a constant that holds a prompt file's text
        found = _prompt_file(project, target or path, value.resolved_from)
        if found is None:
            return replace(call, system_resolvable=False)
        value = TextValue(loc=value.loc, parts=(project.text_of(found) or "",), resolved_from=found)
    resolvable = value.is_fully_known or bool(value.known_text.strip())
    return replace(call, system=TextValue(loc=call.system.loc, parts=value.parts, origins=value.origins,
                                          resolved_from=f"{target}:{name}"),
                   system_resolvable=resolvable)


def _resolve_import(project: Project, path: str, module: str, language: str) -> str | None:
    """An import of ``path`` -> the project file it names (Python modules; JS/TS specifiers with
    relative paths and tsconfig/jsconfig aliases)."""
    if language == "python":
        return resolve_python_module(project, path, module)
    from keylint.analysis.runtime import resolve_module

    return resolve_module(project, path, module)


def _confirm_receiver(project: Project, path: str, call: PromptCall, model: FileModel) -> PromptCall | None:
    ref = call.receiver_ref
    if ref is None:
        return call
    module, name = ref
    if module == "@project":
        # an unresolved receiver (`cog.client`) in a module that does not import the SDK: a
        # prompt call only if some Python module of the project builds an Anthropic client
        if _project_builds_client(project):
            return replace(call, confidence="medium", receiver_ref=None)
        return None
    target = _resolve_import(project, path, module, model.language)
    other = project.models.get(target) if target else None
    if other is None or name.split(".")[0] not in other.client_exports:
        return None
    return replace(call, confidence="high")


def _project_builds_client(project: Project) -> bool:
    key = "xref:builds_client"
    if key not in project.memo:
        project.memo[key] = any(m.language == "python" and any(c.package == "anthropic" for c in m.clients)
                                for m in project.models.values())
    return project.memo[key]


def prompt_calls(project: Project, path: str, model: FileModel) -> list[PromptCall]:
    """The file's prompt calls with cross-module facts joined; unconfirmed calls dropped."""
    memo_key = f"xref:calls:{path}"
    cached = project.memo.get(memo_key)
    if cached is not None:
        return cached
    out = []
    for call in model.prompt_calls:
        confirmed = _confirm_receiver(project, path, call, model)
        if confirmed is None:
            continue
        confirmed = _resolve_system(project, path, confirmed, model)
        confirmed = replace(
            confirmed,
            inputs=_resolve_origins(project, confirmed.inputs, path, model),
            system_inputs=_resolve_origins(project, confirmed.system_inputs, path, model),
            history_passthrough=resolve_origin(project, confirmed.history_passthrough, path, model)
            if confirmed.history_passthrough is not None else None,
        )
        out.append(confirmed)
    out.extend(_through_imported_helpers(project, path, model))
    project.memo[memo_key] = out
    return out


def _through_imported_helpers(project: Project, path: str, model: FileModel) -> list[PromptCall]:
    """One cross-module hop: ``ask(request.json["q"])`` where ``ask`` is imported from a module of
    the repository whose function ``ask`` makes a prompt call. The joined call is located at the
    helper call (the line of the tainted argument), carries the caller's input and handler, and
    the callee's system prompt (``system_loc`` None: it lies in the other file)."""
    out: list[PromptCall] = []
    for oc in getattr(model, "outgoing_calls", ()):
        if oc.receiver_ref is None:
            continue
        module, name = oc.receiver_ref
        target = _resolve_import(project, path, module, model.language)
        other = project.models.get(target) if target else None
        if other is None or target == path:
            continue
        arg = oc.param_inputs[0] if oc.param_inputs else ""
        for call in prompt_calls(project, target, other):  # type: ignore[arg-type]
            if call.function != name or call.handler:
                continue
            # only an argument whose parameter reaches the prompt carries its input there; a call
            # without one still reaches Claude (KL008), with no input
            index, _, kw = arg.partition(":")
            carried = bool(arg) and any((index and p.split(":", 1)[0] == index) or (kw and p.split(":", 1)[1] == kw)
                                        for p in call.param_inputs)
            if arg and not carried:
                continue
            system = call.system
            if system is not None and system.resolved_from == "" and system.is_fully_known:
                system = replace(system, resolved_from=f"{target}:{name}()")
            out.append(replace(
                call, loc=oc.loc, api=f"{name}() -> {call.api}", confidence="medium",
                inputs=_resolve_origins(project, oc.inputs, path, model) if carried else (), pii_inputs=call.pii_inputs + (oc.pii_inputs if carried else ()),
                system=system,
                system_loc=None, system_inputs=(), history_passthrough=None,
                handler=oc.handler, function=oc.function, receiver_ref=None))
            break
    return out


def handler_of(model: FileModel, call: PromptCall):  # noqa: ANN201 - Handler | None
    for h in model.handlers:
        if h.key == call.handler:
            return h
    return None


def users_own_key(model: FileModel) -> bool:
    """Every client the file builds takes the end user's own key (from the request, browser
    storage, a per-user store): the caller spends their own quota, and whatever they inject
    reaches only their own session (bring-your-own-key apps)."""
    return bool(model.clients) and all(
        c.api_key is not None and c.api_key.kind in ("storage", "user") for c in model.clients)


def evidence(origin: Origin) -> str:
    """``request.json["q"]` at line 12`` for messages."""
    return f"`{origin.description}` at line {origin.loc.line}"
