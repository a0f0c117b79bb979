#!/usr/bin/env bash
# The whole test suite, as the README gives it and CI runs it:
#   bash scripts/test.sh [extra dotnet test arguments]
# Installs what the tests need when it is missing (as root, with apt: postgresql-15, the
# dataset-fashion-mnist package, chromium), starts a throwaway PostgreSQL, runs `dotnet test` on the
# solution in Release (the engine's tests train real networks), and prints the closing line
# `N passed, N failed, N skipped` while keeping dotnet's exit code.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/prerequisites.sh || exit 1

pgdir=$(mktemp -d /tmp/hypersearch-test-pg.XXXXXX)
if ! HYPERSEARCH_TEST_POSTGRES=$(bash scripts/postgres.sh start "$pgdir"); then
  echo "could not start PostgreSQL for the tests (see $pgdir/server.log)" >&2
  exit 1
fi
export HYPERSEARCH_TEST_POSTGRES
trap 'bash scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT

log=$(mktemp /tmp/hypersearch-test.XXXXXX.log)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off
dotnet build HyperSearch.sln -c Release --nologo -v q 2>&1 | tee "$log"
build=${PIPESTATUS[0]}
if [[ $build != 0 ]]; then
  echo "0 passed, 1 failed, 0 skipped (the build failed)"
  exit "$build"
fi
dotnet test HyperSearch.sln -c Release --no-build --nologo \
  --results-directory "$root/artifacts/test-results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One line per test assembly: "Passed!  - Failed:     0, Passed:     7, Skipped:     1, Total:     8, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
assemblies=$(grep -cE '^(Passed|Failed)! +- Failed: ' "$log")
expected=$(ls -d tests/*.Tests | wc -l)
if [[ $status == 0 && $assemblies -lt $expected ]]; then
  echo "only $assemblies of $expected test assemblies reported results" >&2
  status=1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
