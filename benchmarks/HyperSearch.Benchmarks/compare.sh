#!/usr/bin/env bash
# Runs the engine and the libtorch peer back-to-back on the reference workload (docs/benchmarks.md):
# GEMM once each, then ROUNDS alternating 1-epoch training runs per thread count, with peak RSS.
#   benchmarks/HyperSearch.Benchmarks/compare.sh [ROUNDS] [THREADS...]
#   MODEL=cnn runs the reference CNN instead (both runners get --model cnn); OURS_ARGS are added to ours (e.g. "--init torch").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
peer=${PEER:-$root/../shared/peers/torchsharp-mlp}
rounds=${1:-3}; shift || true
threads=("${@:-1}")
model=${MODEL:-mlp}
ours_args=${OURS_ARGS:-}
dotnet build -c Release "$here" --nologo -v q >&2
ours="dotnet $here/bin/Release/net10.0/HyperSearch.Benchmarks.dll"
echo "# $(date -u +%FT%TZ) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
$ours gemm --threads 1
"$peer" gemm --threads 1 2>/dev/null
for t in "${threads[@]}"; do
  for r in $(seq "$rounds"); do
    # shellcheck disable=SC2086
    /usr/bin/time -f "peak_rss_kb=%M" $ours reference --model "$model" --threads "$t" --epochs 1 $ours_args 2>&1 | grep -v '^epoch='
    /usr/bin/time -f "peak_rss_kb=%M" "$peer" train --model "$model" --threads "$t" --epochs 1 --acc 2>&1 | grep -E 'peer=|peak_rss'
  done
done
