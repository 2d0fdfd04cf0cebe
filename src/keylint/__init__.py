"""keylint: a security linter for code that calls the Anthropic API."""

__version__ = "0.1.0"

__all__ = ["__version__"]
