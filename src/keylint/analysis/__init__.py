"""The shared semantic layer: front ends that turn source files into :mod:`model` facts.

Front-end modules (``python``, ``javascript``) expose ``wants(data: bytes) -> bool`` (a cheap
prefilter over raw bytes: should this file be modelled at all?) and
``build_model(source) -> FileModel``. They import heavy parsers lazily, inside functions, so
that ``keylint --version`` and a pre-commit run over unrelated files never pay for them.
"""


class ParseFailure(Exception):
    """The file could not be parsed at all; the engine lists it under ``errors`` (kind ``parse``)
    and the text rules still run on it."""
