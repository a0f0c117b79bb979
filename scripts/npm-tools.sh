#!/usr/bin/env bash
# Installs the OpenAPI checking tools the contract tests run (tests/HyperSearch.Api.Tests/Contract):
# Stoplight Prism (validating proxy) and Redocly CLI (linter), at pinned versions, into .tools/npm
# (git-ignored; the scripts own it). Prints nothing and exits 0 when both are already there.
#   bash scripts/npm-tools.sh          # install if missing
#   bash scripts/npm-tools.sh --path   # print the bin folder
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.tools/npm"
bin="$dir/node_modules/.bin"
# Pinned: Redocly 2.77.0 and Prism 5.16.0 install and run on Node 20 here (1.34.21 of Redocly does not install).
packages=("@redocly/cli@2.77.0" "@stoplight/prism-cli@5.16.0")
if [[ ${1:-} == --path ]]; then
  echo "$bin"
  exit 0
fi
want="${packages[*]}"
if [[ -x $bin/redocly && -x $bin/prism && -f $dir/.installed && $(cat "$dir/.installed") == "$want" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is missing (install nodejs and npm)" >&2; exit 1; }
mkdir -p "$dir"
[[ -f $dir/package.json ]] || echo '{ "name": "hypersearch-tools", "private": true }' >"$dir/package.json"
echo "installing ${packages[*]} into $dir" >&2
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error --save-exact "${packages[@]}" >&2
echo "$want" >"$dir/.installed"
