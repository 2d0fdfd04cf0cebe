"""The shared semantic layer: front ends that turn source files into :mod:`model` facts.

Front-end modules (``python``; ``js_light``, whose light path hands the files that need it to
``javascript``) expose ``build_model(source) -> FileModel`` and import heavy parsers lazily.
Their cheap prefilters over raw bytes (should this file be modelled at all?) are in
:mod:`prefilter`, which the engine asks before it imports a front end: ``keylint --version`` and a
pre-commit run over unrelated files import no front end.
"""


class ParseFailure(Exception):
    """The file could not be parsed at all; the engine lists it under ``errors`` (kind ``parse``)
    and the text rules still run on it."""
