#!/usr/bin/env bash
# Soak (issue 12): the real service under concurrent clients for a bounded time, on loopback only.
#   scripts/soak.sh [MINUTES=10] [embedded|postgres] [CLIENTS=4]
# Starts the built API (dotnet build -c Release first) on 127.0.0.1 with a throwaway data directory
# (and, for postgres, a throwaway server from scripts/postgres.sh in its own directory), then CLIENTS
# bash+curl loops submit searches, cancel them, read lists/searches/trials/exports/health, upload and
# delete CSVs and send bad input, for MINUTES (needs curl and jq). Then it waits (at most 10 minutes) for every search to
# reach a final state. Exit 0 only when no answer was a 5xx (or a dropped connection) and every search
# ended completed, cancelled or failed. The summary line and per-status counts go to stdout; the
# service log and every request are kept under the work directory it prints.
set -euo pipefail
minutes=${1:-10}
mode=${2:-embedded}
clients=${3:-4}
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "usage: $0 [minutes] [embedded|postgres] [clients]" >&2; exit 2; }
[[ $mode == embedded || $mode == postgres ]] || { echo "mode must be embedded or postgres" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
dll=$root/src/HyperSearch.Api/bin/Release/net10.0/HyperSearch.Api.dll
[[ -f $dll ]] || { echo "build first: dotnet build HyperSearch.sln -c Release" >&2; exit 2; }

work=$(mktemp -d /tmp/hypersearch-soak.XXXXXX)
chmod 755 "$work" # the postgres user runs the throwaway server in $work/pg
port=$((20000 + RANDOM % 20000))
while ss -Hltn "sport = :$port" | grep -q .; do port=$((port + 1)); done
base="http://127.0.0.1:$port" # loopback only, by construction
key="soak-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "soak: $minutes min, $mode, $clients clients, $base, work dir $work"

service_pid=
cleanup() {
  [[ -n $service_pid ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  jobs -p | xargs -r kill 2>/dev/null || true
  [[ $mode == postgres ]] && bash "$root/scripts/postgres.sh" stop "$work/pg" || true
}
trap cleanup EXIT

env_vars=(Urls="$base" HyperSearch__DataDirectory="$work/data" HyperSearch__Auth__Enabled=true HyperSearch__Auth__BootstrapKey="$key"
  HyperSearch__Auth__Secret="$work/auth.secret" HyperSearch__MaxUploadTotalBytes=200000 DOTNET_ENVIRONMENT=Production)
if [[ $mode == postgres ]]; then
  env_vars+=(ConnectionStrings__Postgres="$(bash "$root/scripts/postgres.sh" start "$work/pg")")
fi
(cd "$work" && exec env "${env_vars[@]}" dotnet "$dll") >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$base/health" && break
  kill -0 "$service_pid" 2>/dev/null || { echo "service exited:"; tail -20 "$work/service.log"; exit 1; }
  sleep 0.5
done
curl -sf -o /dev/null "$base/health" || { echo "service did not answer /health"; exit 1; }

# One request: appends "status method path" to the client's log (000 = no answer / dropped connection).
req() { # req LOG METHOD PATH [curl args...]
  local log=$1 method=$2 path=$3; shift 3
  local code out=$log.body
  rm -f "$out"
  code=$(curl -s -o "$out" -w '%{http_code}' --max-time 60 -X "$method" -H "Authorization: Bearer $key" "$@" "$base$path") || code=${code:-000}
  echo "$code $method $path" >>"$log"
  REPLY_BODY=$(cat "$out" 2>/dev/null || true)
}

search_spec() {
  local trials=$((2 + RANDOM % 4)) epochs=$((2 + RANDOM % 8)) scheduler="" strategies=(random sobol grid)
  (( RANDOM % 3 == 0 )) && scheduler=', "scheduler": { "kind": "asha", "minEpochs": 1, "reduction": 3 }'
  printf '{ "name": "soak %s", "seed": %d, "dataset": "%s", "strategy": "%s", "trials": %d, "epochs": %d, "sanityChecks": false%s,
    "space": { "learningRate": { "min": 1e-3, "max": 0.5, "scale": "log" }, "hiddenLayers": { "values": [[16], [32, 16]] }, "batchSize": 64 } }' \
    "$RANDOM" "$RANDOM" "$1" "${strategies[$((RANDOM % 2))]}" "$trials" "$epochs" "$scheduler"
}

bad_inputs=(
  '{ "name": "x", "dataset": "spiral", "trials": '
  '{ "dataset": "spiral", "trials": -3 }'
  '{ "dataset": "   ", "trials": 2 }'
  '{ "dataset": "spiral", "trials": 2, "space": { "learningRate": { "min": 1, "max": 0.1 } } }'
  '{ "dataset": "spiral", "trials": 2, "space": { "hiddenLayers": { "values": [[4096, 4096, 4096, 4096]] }, "activation": "maxout", "maxoutPieces": 4 } }'
  '{ "dataset": "spiral", "trials": 2, "trials": 3 }'
  '{ "name": "\ud800", "dataset": "spiral" }'
  '{ "dataset": "nope", "trials": 2 }'
)

client() { # client N END_EPOCH
  local n=$1 end=$2 log=$work/client.$1.log ids=$work/ids.$1
  : >"$ids"
  while (( $(date +%s) < end )); do
    case $((RANDOM % 10)) in
      0|1)
        local dataset=spiral
        (( RANDOM % 4 == 0 )) && dataset="soak-$n"
        req "$log" POST /api/searches -H 'content-type: application/json' --data-binary "$(search_spec "$dataset")"
        local id
        id=$(grep -o '"id":"[0-9a-f-]*"' <<<"$REPLY_BODY" | head -1 | cut -d'"' -f4 || true)
        [[ -n $id ]] && echo "$id" >>"$ids"
        ;;
      2)
        local id
        id=$(shuf -n1 "$ids" 2>/dev/null || true)
        [[ -n $id ]] && req "$log" POST "/api/searches/$id/cancel"
        ;;
      3|4)
        local id
        id=$(shuf -n1 "$ids" 2>/dev/null || true)
        if [[ -n $id ]]; then
          req "$log" GET "/api/searches/$id"
          req "$log" GET "/api/searches/$id/trials?sort=validationAccuracy&limit=5"
          (( RANDOM % 3 == 0 )) && req "$log" GET "/api/searches/$id/trials/export?format=csv"
        fi
        req "$log" GET "/api/searches?limit=10"
        ;;
      5)
        req "$log" GET /health
        req "$log" GET /api/datasets
        req "$log" GET /api/schema
        ;;
      6)
        local csv=$work/upload.$n.csv
        { echo "a,b,label"; for i in $(seq 1 60); do echo "$((RANDOM % 100)),$((RANDOM % 100)),$((i % 2))"; done; } >"$csv"
        req "$log" POST /api/datasets -F "name=soak-$n" -F "labelColumn=label" -F "file=@$csv"
        ;;
      7)
        req "$log" DELETE "/api/datasets/soak-$n"
        ;;
      *)
        local bad=${bad_inputs[$((RANDOM % ${#bad_inputs[@]}))]}
        req "$log" POST /api/searches -H 'content-type: application/json' --data-binary "$bad"
        local any
        any=$(shuf -n1 "$ids" 2>/dev/null || true)
        [[ -n $any ]] && req "$log" GET "/api/searches/$any/trials?status=7" && req "$log" GET "/api/searches/$any/trials?status=completed,failed"
        [[ -n $any ]] && req "$log" GET "/api/searches/$any/trials?sort=trainAccuracy,regularization"
        req "$log" POST /api/datasets -F "name=bad" -F "labelColumn= " -F "file=@/dev/null"
        ;;
    esac
  done
}

end=$(( $(date +%s) + $(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 }') ))
for n in $(seq 1 "$clients"); do client "$n" "$end" & done
wait $(jobs -p | grep -v "^$service_pid$") 2>/dev/null || true

# Every search must reach a final state (bounded wait): page through the list and count the others.
not_final() {
  local offset=0 count=0 page
  while :; do
    page=$(curl -s -H "Authorization: Bearer $key" "$base/api/searches?offset=$offset&limit=100") || { echo -1; return; }
    count=$((count + $(jq '[.items[] | select(.status != "completed" and .status != "cancelled" and .status != "failed")] | length' <<<"$page")))
    offset=$((offset + 100))
    (( offset < $(jq .total <<<"$page") )) || break
  done
  echo "$count"
}
deadline=$(( $(date +%s) + 600 ))
pending=$(not_final)
while (( pending != 0 && $(date +%s) < deadline )); do
  sleep 2
  pending=$(not_final)
done
total=$(curl -s -H "Authorization: Bearer $key" "$base/api/searches?limit=1" | jq .total)
finals=$(offset=0; while :; do page=$(curl -s -H "Authorization: Bearer $key" "$base/api/searches?offset=$offset&limit=100"); jq -r '.items[].status' <<<"$page"; offset=$((offset + 100)); (( offset < $(jq .total <<<"$page") )) || break; done | sort | uniq -c | tr -s ' ' | tr '\n' ',')

cat "$work"/client.*.log >"$work/requests.log"
requests=$(wc -l <"$work/requests.log")
fivexx=$(awk '$1 ~ /^5/ || $1 == "000"' "$work/requests.log" | wc -l)
echo "status counts:"; awk '{ print $1 }' "$work/requests.log" | sort | uniq -c | sed 's/^/  /'
if (( fivexx > 0 )); then
  echo "5xx or dropped answers:"; awk '$1 ~ /^5/ || $1 == "000"' "$work/requests.log" | sort | uniq -c | head -20
fi
echo "searches by status: $finals"
echo "soak $mode ${minutes}m: $requests requests, $fivexx 5xx/dropped, $total searches, $pending not final"
(( fivexx == 0 && pending == 0 ))
