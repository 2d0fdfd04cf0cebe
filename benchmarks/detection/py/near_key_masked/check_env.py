import logging
import os

import anthropic

log = logging.getLogger(__name__)
key = os.getenv("ANTHROPIC_API_KEY")
if not key:
    raise SystemExit("ANTHROPIC_API_KEY is not set")
log.info("Anthropic key loaded (%s..., %d chars)", key[:7], len(key))
print("key set:", bool(key))
client = anthropic.Anthropic(api_key=key)
