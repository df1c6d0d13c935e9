#!/usr/bin/env bash
# Runs the load harness and pgbench side by side on ONE PostgreSQL server and prints harness/pgbench ratios.
#
#   tests/LeadStatus.Core.Load/run-comparison.sh                 # throwaway cluster, 1/4/16 clients, 3 rounds of 15 s
#   SECONDS_PER_RUN=30 ROUNDS=5 CLIENTS="1 4 16" tests/LeadStatus.Core.Load/run-comparison.sh
#   PREFILL_EVENTS=10000000 PREFILL_OUTBOX=1000000 tests/LeadStatus.Core.Load/run-comparison.sh   # growth: 10M events, 1M outbox rows first
#   RULES=1 tests/LeadStatus.Core.Load/run-comparison.sh           # with business rules configured (all checked, none refusing)
#   PARTITIONS=8 tests/LeadStatus.Core.Load/run-comparison.sh      # the library's tables hash-partitioned by business_id into 8
#                                                                  # partitions (LeadStatusOptions.Postgres.EventPartitions)
#   LEADSTATUS_LOAD_CONNECTION="Host=...;Username=...;Database=..." tests/LeadStatus.Core.Load/run-comparison.sh
#   TUNED=1 tests/LeadStatus.Core.Load/run-comparison.sh           # the harness with the host settings docs/PERFORMANCE.md advises on a
#                                                                   # small machine shared with the server (no thread-pool spinning,
#                                                                   # socket completions inline); HARNESS_ENV="VAR=value ..." for others
#   BATCH=100 CLIENTS=1 tests/LeadStatus.Core.Load/run-comparison.sh  # also: ApplyManyAsync in lists of 100 vs single calls vs
#                                                                     # pgbench-apply-batch.sql (100 rows in one statement), in rows/s
#
# pgbench runs pgbench-apply.sql (the hand-written one-statement equivalent of an applied recommendation) with
# -M prepared. The harness runs the "applied" scenario through the DI-built IStatusUpdateService. Both see the
# same data: 10,000 leads in business 1, five statuses. Medians over ROUNDS are reported.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-15}"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-1 4 16}"
LEADS="${LEADS:-10000}"
PREFILL_EVENTS="${PREFILL_EVENTS:-0}"
PREFILL_OUTBOX="${PREFILL_OUTBOX:-0}"
BATCH="${BATCH:-0}"
PARTITIONS="${PARTITIONS:-0}"

pg_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
}

cleanup() { :; }
trap 'cleanup' EXIT
if [ -z "${LEADSTATUS_LOAD_CONNECTION:-}" ]; then
  bin="$(pg_bin)"
  [ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install -y postgresql, or set LEADSTATUS_LOAD_CONNECTION." >&2; exit 1; }
  dir="$(mktemp -d /tmp/leadstatus-load.XXXXXX)"; chmod 755 "$dir"
  port=$(( 20000 + RANDOM % 20000 ))
  run_as=()
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"; run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB" start >/dev/null
  cleanup() { "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
  export LEADSTATUS_LOAD_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
fi

dotnet build "$here" -c Release -v quiet -nologo >/dev/null
HARNESS_ENV="${HARNESS_ENV:-}"
if [ -n "${TUNED:-}" ]; then
  HARNESS_ENV="DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 $HARNESS_ENV"
fi
# shellcheck disable=SC2086 # HARNESS_ENV is a list of VAR=value words
harness() { env $HARNESS_ENV dotnet "$here/bin/Release/net10.0/LeadStatus.Core.Load.dll" "$@" --partitions "$PARTITIONS"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

harness --setup --leads "$LEADS" --prefill-events "$PREFILL_EVENTS" --prefill-outbox "$PREFILL_OUTBOX" --clients 1 --seconds 1 --warmup 1 >/dev/null
echo "server: $(psql -Atc 'select version()' | cut -d, -f1); events before run: $(psql -Atc 'select count(*) from lead_status_events'); outbox rows: $(psql -Atc 'select count(*) from lead_status_outbox'); partitions of lead_status_events: $(psql -Atc "select count(*) from pg_inherits where inhparent = 'lead_status_events'::regclass")"
[ -n "$HARNESS_ENV" ] && echo "harness environment: $HARNESS_ENV"
printf '%-8s %14s %14s %8s\n' clients harness_tps pgbench_tps ratio
for c in $CLIENTS; do
  h=(); p=(); lat=()
  for _ in $(seq "$ROUNDS"); do
    line="$(harness --scenario applied --clients "$c" --seconds "$SECONDS_PER_RUN" --warmup 3 --leads "$LEADS" ${RULES:+--rules})"
    h+=("$(sed -E 's/.* tps=([0-9.]+).*/\1/' <<<"$line")")
    lat+=("$(sed -E 's/.* p50_ms=([0-9.]+) p95_ms=([0-9.]+) p99_ms=([0-9.]+).*/\1\/\2\/\3/' <<<"$line")")
    p+=("$(pgbench -n -M prepared -c "$c" -j "$(( c < 2 ? c : 2 ))" -T "$SECONDS_PER_RUN" -D leads="$LEADS" -f "$here/pgbench-apply.sql" 2>/dev/null \
          | sed -nE 's/^tps = ([0-9.]+).*/\1/p')")
  done
  hm=$(printf '%s\n' "${h[@]}" | median); pm=$(printf '%s\n' "${p[@]}" | median)
  printf '%-8s %14.1f %14.1f %8.2f   (harness runs: %s; p50/p95/p99 ms: %s; pgbench runs: %s)\n' "$c" "$hm" "$pm" "$(awk -v a="$hm" -v b="$pm" 'BEGIN{print a/b}')" "${h[*]}" "${lat[*]}" "${p[*]}"
done

if [ "$BATCH" -gt 0 ]; then
  echo
  echo "batches of $BATCH (recommendations per second; pgbench: its tps x $BATCH)"
  printf '%-8s %12s %12s %14s %10s %12s\n' clients single_rps batch_rps pgbench_rps batch/single batch/pgbench
  for c in $CLIENTS; do
    s=(); b=(); p=()
    for _ in $(seq "$ROUNDS"); do
      s+=("$(harness --scenario applied --clients "$c" --seconds "$SECONDS_PER_RUN" --warmup 3 --leads "$LEADS" ${RULES:+--rules} | sed -E 's/.* tps=([0-9.]+).*/\1/')")
      b+=("$(harness --scenario applied --batch "$BATCH" --clients "$c" --seconds "$SECONDS_PER_RUN" --warmup 3 --leads "$LEADS" ${RULES:+--rules} | sed -E 's/.* tps=([0-9.]+).*/\1/')")
      t="$(pgbench -n -M prepared -c "$c" -j "$(( c < 2 ? c : 2 ))" -T "$SECONDS_PER_RUN" -D leads="$LEADS" -f "$here/pgbench-apply-batch.sql" 2>/dev/null \
            | sed -nE 's/^tps = ([0-9.]+).*/\1/p')"
      p+=("$(awk -v t="$t" -v n="$BATCH" 'BEGIN{print t*n}')")
    done
    sm=$(printf '%s\n' "${s[@]}" | median); bm=$(printf '%s\n' "${b[@]}" | median); pm=$(printf '%s\n' "${p[@]}" | median)
    printf '%-8s %12.1f %12.1f %14.1f %10.2f %12.2f   (single: %s; batch: %s; pgbench: %s)\n' "$c" "$sm" "$bm" "$pm" \
      "$(awk -v a="$bm" -v b="$sm" 'BEGIN{print a/b}')" "$(awk -v a="$bm" -v b="$pm" 'BEGIN{print a/b}')" "${s[*]}" "${b[*]}" "${p[*]}"
  done
fi
