#!/usr/bin/env bash
# Installs what the test suite needs and the .NET SDK does not bring: PostgreSQL 15 (integration
# tests), Debian's dataset-fashion-mnist (the engine's reference-workload test), Chromium (browser
# tests) and Node.js with npm; then the OpenAPI contract tests' Redocly and Prism (scripts/npm-tools.sh:
# pinned, into .tools/npm). Only as root with apt; otherwise says what is missing.
set -euo pipefail
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql-15)
[[ -f /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz ]] || missing+=(dataset-fashion-mnist)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
if (( ${#missing[@]} == 0 )); then
  :
elif [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} with apt-get" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
else
  echo "missing: ${missing[*]} (install with: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
bash "$(dirname "$0")/npm-tools.sh"
