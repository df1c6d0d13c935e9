#!/usr/bin/env bash
# What PgBouncer (transaction mode) costs: the harness's "applied" scenario, single calls and ApplyManyAsync in lists of
# BATCH, on ONE throwaway server, (a) direct with the library's defaults, (b) direct with Max Auto Prepare=0, and (c) through
# PgBouncer with what a host behind a pooler sets (Max Auto Prepare=0, No Reset On Close, --no-listen). Medians over ROUNDS.
#
#   tests/LeadStatus.Core.Load/run-pgbouncer.sh
#   SECONDS_PER_RUN=10 ROUNDS=3 CLIENTS="1 4" BATCH=100 tests/LeadStatus.Core.Load/run-pgbouncer.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-1 4}"
LEADS="${LEADS:-10000}"
BATCH="${BATCH:-100}"
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || { echo "pgbouncer not found: apt-get install -y pgbouncer" >&2; exit 1; }
bouncer_bin="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
dir="$(mktemp -d /tmp/leadstatus-bouncer.XXXXXX)"; chmod 755 "$dir"
port=$(( 20000 + RANDOM % 20000 )); bport=$(( port + 1 ))
run_as=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"; run_as=(runuser -u postgres --)
fi
"${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB" start >/dev/null
printf '"postgres" ""\n' > "$dir/userlist.txt"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
chmod 644 "$dir/userlist.txt" "$dir/pgbouncer.ini"
"${run_as[@]}" "$bouncer_bin" -d "$dir/pgbouncer.ini"
cleanup() {
  [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
sleep 1

direct="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
noprep="$direct;Max Auto Prepare=0"
bounced="Host=127.0.0.1;Port=$bport;Username=postgres;Database=postgres;Max Auto Prepare=0;No Reset On Close=true"
dotnet build "$here" -c Release -v quiet -nologo >/dev/null
harness() { dotnet "$here/bin/Release/net10.0/LeadStatus.Core.Load.dll" "$@"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
tps() { sed -E 's/.* tps=([0-9.]+).*/\1/'; }

harness --connection "$direct" --setup --leads "$LEADS" --clients 1 --seconds 1 --warmup 1 >/dev/null
echo "server: $(PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres psql -Atc 'select version()' | cut -d, -f1); $($bouncer_bin --version | head -n1)"
printf '%-8s %-7s %12s %14s %16s %10s\n' clients mode direct noprepare pgbouncer bouncer/direct
for c in $CLIENTS; do
  for mode in single batch; do
    extra=(); [ "$mode" = batch ] && extra=(--batch "$BATCH")
    d=(); n=(); b=()
    for _ in $(seq "$ROUNDS"); do
      d+=("$(harness --connection "$direct" --scenario applied --clients "$c" --seconds "$SECONDS_PER_RUN" --warmup 3 --leads "$LEADS" "${extra[@]}" | tps)")
      n+=("$(harness --connection "$noprep" --scenario applied --clients "$c" --seconds "$SECONDS_PER_RUN" --warmup 3 --leads "$LEADS" "${extra[@]}" | tps)")
      b+=("$(harness --connection "$bounced" --no-listen --scenario applied --clients "$c" --seconds "$SECONDS_PER_RUN" --warmup 3 --leads "$LEADS" "${extra[@]}" | tps)")
    done
    dm=$(printf '%s\n' "${d[@]}" | median); nm=$(printf '%s\n' "${n[@]}" | median); bm=$(printf '%s\n' "${b[@]}" | median)
    printf '%-8s %-7s %12.1f %14.1f %16.1f %10.2f   (direct: %s; noprepare: %s; pgbouncer: %s)\n' "$c" "$mode" "$dm" "$nm" "$bm" \
      "$(awk -v a="$bm" -v b="$dm" 'BEGIN{print a/b}')" "${d[*]}" "${n[*]}" "${b[*]}"
  done
done
