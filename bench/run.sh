#!/usr/bin/env bash
# Routero benchmark: the silo side by side with a plain proxy hop (nginx) and no hop at all (direct), on loopback.
#
#   bench/run.sh            full run: 10-second phases, a 60-second RSS soak, the scale case (100,000 keys), about 15 minutes
#   bench/run.sh --quick    2-second phases, short soak, small scale case: proves the benchmark still runs
#
# Other options: --no-install (skip apt-get), --no-scale, --micro (also run the BenchmarkDotNet suite).
# Environment: BENCH_LOAD_CPUS (wrk and probes, default 0), BENCH_SUT_CPUS (fake upstream, nginx, silo,
# default 1), BENCH_PORT_BASE (default 18410), BENCH_FULL_SYNC (silo's Storage.FullSync, default true as shipped),
# BENCH_SILO_ENV (extra environment for the silo, e.g. runtime knobs to try), BENCH_OUT (results directory),
# BENCH_TARGETS (default "direct nginx hop silo cluster"; hop is a plain Kestrel + HttpClient proxy, the .NET floor;
# cluster is a silo in cluster mode on a throwaway PostgreSQL, skipped when no server binaries can be had), BENCH_SOAK=0 (skip the soak), BENCH_PHASE / BENCH_WARM (seconds),
# BENCH_ARRIVALS (paced phases' pauses: random, exponential with the pace's mean, the default; or fixed),
# BENCH_SILO_BIN (another silo build to compare, e.g. a patched copy), BENCH_PG_STATEMENTS=1 (load pg_stat_statements
# into the cluster target's PostgreSQL and write its statements, by total time, to pg-statements.txt in the run's logs),
# BENCH_SCALE_SETTLE=N (the most seconds of paced traffic the scale case waits, before and after, for a full collection
# to settle the silo's memory; 60, 4 in --quick), BENCH_SCALE_HOLD=N (keep the scale case's silo running N seconds after its measurement, to inspect it, e.g.
# with `Routero.Bench heap --pid PID`: its live objects by type),
# BENCH_PROFILE=TARGETS (e.g. silo, or "hop silo"): sample those targets' CPU with `perf` during their BENCH_PROFILE_PHASE
# (default "json saturated"), with the JIT's symbol map on (silo, scale and cluster targets), and write where the time
# went (by library, by system call, by function) and what the target asked of the kernel (context switches and system
# calls by name, per request: counts, so comparable across runs as CPU times on this host are not) to
# profile-TARGET.txt beside the results.
# Installs linux-perf. The map, W^X off and the sampling change the profiled target's CPU per request, so its rows are
# not comparable to an unprofiled run's.
#
# Starts only its own processes, on 127.0.0.1, and stops exactly those (by PID) on exit, whatever happens.
# Prints one table and writes it to bench/results/latest.md (and a dated copy).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=0; INSTALL=1; SCALE=1; MICRO=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --no-install) INSTALL=0 ;;
    --no-scale) SCALE=0 ;;
    --micro) MICRO=1 ;;
    -h|--help) sed -n '2,/^# Starts only/p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

LOAD_CPUS=${BENCH_LOAD_CPUS:-0}
SUT_CPUS=${BENCH_SUT_CPUS:-$( [ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
PORT_BASE=${BENCH_PORT_BASE:-18410}
FAKE_PORT=$PORT_BASE; NGINX_PORT=$((PORT_BASE + 1)); SILO_PORT=$((PORT_BASE + 2)); SCALE_PORT=$((PORT_BASE + 3)); HOP_PORT=$((PORT_BASE + 4))
CLUSTER_PORT=$((PORT_BASE + 5)); PG_PORT=$((PORT_BASE + 6)); PG_DIR=/tmp/routero-bench-pg-$PORT_BASE
FULL_SYNC=${BENCH_FULL_SYNC:-true}
PROFILE=${BENCH_PROFILE:-}; PROFILE_PHASE=${BENCH_PROFILE_PHASE:-json saturated}
MASTER=sk-bench-master-$RANDOM$RANDOM
RATE=500            # paced phases, JSON: requests per second in total
SSE_RATE=200        # paced phases, SSE: streams per second in total
PACED_CONNS=10      # paced phases: connections (each pauses CONNS*1000/RATE ms between requests, on average)
# Paced arrivals: "random" draws each pause from an exponential distribution (independent arrivals, as from many
# clients); "fixed" pauses exactly, which lets a group commit that answers several requests at once keep their
# connections in lockstep (bench/wrk/common.lua).
export BENCH_ARRIVALS=${BENCH_ARRIVALS:-random}
case "$BENCH_ARRIVALS" in random|fixed) ;; *) echo "BENCH_ARRIVALS must be random or fixed, not $BENCH_ARRIVALS" >&2; exit 2 ;; esac
SAT_CONNS=32        # saturation phases
if [ "$QUICK" = 1 ]; then
  PHASE=2; WARM=2; SOAK=4; PROBES=30; SLOW_PROBES=3
  SCALE_ORGS=100; SCALE_KEYS=10000; SCALE_ACTIVE=1000; SCALE_SETTLE=4
else
  PHASE=10; WARM=30; SOAK=60; PROBES=200; SLOW_PROBES=10
  SCALE_ORGS=1000; SCALE_KEYS=100000; SCALE_ACTIVE=10000; SCALE_SETTLE=60
fi

PHASE=${BENCH_PHASE:-$PHASE}; WARM=${BENCH_WARM:-$WARM}; SCALE_SETTLE=${BENCH_SCALE_SETTLE:-$SCALE_SETTLE}
OUT=${BENCH_OUT:-$ROOT/bench/results}
mkdir -p "$OUT"
RUN=$(mktemp -d /tmp/routero-bench.XXXXXX)
ROWS=$RUN/rows.tsv; : > "$ROWS"
STATS=$RUN/stats.tsv; : > "$STATS"
NOTES=$RUN/notes.txt; : > "$NOTES"
CLK_TCK=$(getconf CLK_TCK)
STARTED_PIDS=()

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
note() { printf '%s\n' "$*" >> "$NOTES"; }

# ---------------------------------------------------------------------------------------------- processes

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${STARTED_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do rm -f "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"; done  # BENCH_PROFILE's maps
  STARTED_PIDS=()
  rm -rf "$RUN"/*/data  # the silos' SQLite files (the scale case's is large); logs stay
  if [ "${PG_STARTED:-0}" = 1 ]; then
    pg_script stop >/dev/null 2>&1 || true
    cp "$PG_DIR/server.log" "$RUN/pg-server.log" 2>/dev/null || true  # checkpoints, lock waits, slow statements
    rm -rf "$PG_DIR"; PG_STARTED=0
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CPUS COMMAND...: starts a process pinned to CPUS, logging to $RUN/NAME.log; its PID in $LAST_PID.
start() {
  local name=$1 cpus=$2; shift 2
  taskset -c "$cpus" "$@" > "$RUN/$name.log" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

stop() {
  local pid=$1 keep=() p
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  for p in "${STARTED_PIDS[@]}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
  STARTED_PIDS=("${keep[@]}")
}

wait_http() { # URL PID: until the URL answers (any status), while PID lives
  for _ in $(seq 300); do
    kill -0 "$2" 2>/dev/null || { echo "process $2 died while starting; see $RUN/*.log" >&2; exit 1; }
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  echo "$1 did not answer within 30 s" >&2; exit 1
}

# CPU ticks (user + system) of the given PIDs; the fields after "(comm) " start at field 3 (state).
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}'))); done; echo "$t"; }
status_kb() { local t=0 p; for p in "${@:2}"; do t=$((t + $(awk -v k="$1:" '$1 == k {print $2}' "/proc/$p/status"))); done; echo "$t"; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
# Where a process's resident memory is (anonymous, file-backed, and the largest mappings), for the scale case's logs.
memory_snapshot() {
  { grep -E '^(VmRSS|RssAnon|RssFile|RssShmem)' "/proc/$1/status"
    sleep 1.2; grep -o 'gc_heap_kb=[0-9]* gc_committed_kb=[0-9]*' "$RUN/scale.log" | tail -1
    awk '/^[0-9a-f]+-[0-9a-f]+ / {name = ($6 == "" ? "[anon]" : $6)} /^Rss:/ {rss[name] += $2} END {for (n in rss) printf "%10d kB  %s\n", rss[n], n}' "/proc/$1/smaps" | sort -rn | head -12
  } > "$RUN/scale/memory-$2.txt" 2>/dev/null || true
}
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<< "$2"; }

# stats_of TARGET: "records batches leases commit_p50_us allocated_kb" from the silo's latest stats line, once it is settled
# (a second after the last request: the line is logged every second). Empty for targets without one.
stats_of() {
  local line
  # Only silos log stats lines (nginx and the hop have logs too, without them).
  grep -q 'Stats: records=' "$RUN/$1.log" 2>/dev/null || return 0
  sleep 1.2
  line=$(grep -o 'Stats: records=.*' "$RUN/$1.log" | tail -1 || true)
  if [ -n "$line" ]; then
    echo "$(field records " $line") $(field batches " $line") $(field lease_statements " $line") $(field commit_p50_us " $line") $(field allocated_kb " $line")"
  fi
}
# The PostgreSQL server's CPU ticks and committed transactions (cluster target only; 0 otherwise).
db_ticks() { if [ "$1" = cluster ] && [ -n "${PG_MASTER:-}" ]; then ticks "$PG_MASTER" $(pgrep -P "$PG_MASTER"); else echo 0; fi; }
db_commits() {
  if [ "$1" = cluster ] && [ -n "${PG_MASTER:-}" ]; then
    "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d routero_test -tAc \
      "SELECT pg_stat_force_next_flush(); SELECT xact_commit FROM pg_stat_database WHERE datname = 'routero_test'" 2>/dev/null | tail -1
  else echo 0; fi
}

# ---------------------------------------------------------------------------------------------- setup

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v taskset >/dev/null || missing+=(util-linux)
  command -v curl >/dev/null || missing+=(curl)
  [ -n "$PROFILE" ] && ! command -v perf >/dev/null && missing+=(linux-perf)
  if [[ " ${BENCH_TARGETS:-cluster} " == *" cluster "* ]] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$INSTALL" = 1 ] || { echo "missing: ${missing[*]} (run without --no-install)" >&2; exit 1; }
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  log "installing ${missing[*]} from Debian's packages"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
  log "building the silo, the fake provider and the bench tool (Release)"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  local p
  for p in src/Routero.Silo src/Routero.FakeProvider bench/Routero.Bench; do
    dotnet build -c Release --nologo -v q "$p" > "$RUN/build.log" 2>&1 || { cat "$RUN/build.log" >&2; exit 1; }
  done
  SILO_BIN=${BENCH_SILO_BIN:-$ROOT/src/Routero.Silo/bin/Release/net10.0/Routero.Silo}
  FAKE_BIN=$ROOT/src/Routero.FakeProvider/bin/Release/net10.0/Routero.FakeProvider
  TOOL_BIN=$ROOT/bench/Routero.Bench/bin/Release/net10.0/Routero.Bench
}

silo_config() { # PORT DIR: writes DIR/silo.json (data in DIR/data, relative to the silo's working directory, as shipped)
  sed -e "s#@DATA_DIR@#data#; s#@FULL_SYNC@#$FULL_SYNC#; s#@FAKE_PORT@#$FAKE_PORT#; s#@SILO_PORT@#$1#" \
    "$ROOT/bench/silo.json.template" > "$2/silo.json"
}

start_silo() { # NAME PORT [ENV...]: starts a silo in $RUN/NAME (its working directory); PID in $LAST_PID
  local dir=$RUN/$1 port=$2; shift 2; mkdir -p "$dir"; silo_config "$port" "$dir"
  cd "$dir"
  # A stats line every second (spend records, batches, lease statements, group-commit median) for stats_of.
  # shellcheck disable=SC2086
  start "$(basename "$dir")" "$SUT_CPUS" env ROUTERO_MASTER_KEY="$MASTER" Routero__StatsLogSeconds=1 \
    Logging__LogLevel__Routero.Hosting.SiloStats=Information "$@" $(perf_map_env "$(basename "$dir")") ${BENCH_SILO_ENV:-} "$SILO_BIN" --config "$dir/silo.json"
  cd "$ROOT"
  wait_http "http://127.0.0.1:$port/v1/models" "$LAST_PID"
}

ports_free() {
  local port
  for port in "$FAKE_PORT" "$NGINX_PORT" "$SILO_PORT" "$SCALE_PORT" "$HOP_PORT"; do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
      echo "port $port already answers: another benchmark (or leftover) is running; set BENCH_PORT_BASE" >&2; exit 1
    fi
  done
}

start_all() {
  ports_free
  log "starting the fake upstream (:$FAKE_PORT), nginx (:$NGINX_PORT), the plain .NET hop (:$HOP_PORT) and the silo (:$SILO_PORT) on CPU $SUT_CPUS"
  start fake "$SUT_CPUS" "$FAKE_BIN" --port "$FAKE_PORT"; FAKE_PIDS=("$LAST_PID")
  wait_http "http://127.0.0.1:$FAKE_PORT/v1/models" "$LAST_PID"

  mkdir -p "$RUN/nginx"
  sed -e "s#@PREFIX@#$RUN/nginx#g; s#@NGINX_PORT@#$NGINX_PORT#; s#@FAKE_PORT@#$FAKE_PORT#" \
    "$ROOT/bench/nginx.conf.template" > "$RUN/nginx/nginx.conf"
  start nginx "$SUT_CPUS" nginx -e "$RUN/nginx/nginx-error.log" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf"
  local master=$LAST_PID
  wait_http "http://127.0.0.1:$NGINX_PORT/v1/models" "$master"
  NGINX_PIDS=("$master" $(pgrep -P "$master"))

  start hop "$SUT_CPUS" "$TOOL_BIN" hop --port "$HOP_PORT" --upstream "http://127.0.0.1:$FAKE_PORT/v1/"; HOP_PIDS=("$LAST_PID")
  wait_http "http://127.0.0.1:$HOP_PORT/" "$LAST_PID"

  start_silo silo "$SILO_PORT"; SILO_PIDS=("$LAST_PID")
  "$TOOL_BIN" seed --url "http://127.0.0.1:$SILO_PORT/" --master "$MASTER" --out "$RUN/key.txt" >&2
  KEY=$(cat "$RUN/key.txt")
}

# ---------------------------------------------------------------------------------------------- phases

# wrk_run SCRIPT PORT KEY BODY DELAY CONNS SECONDS [extra env...]: prints the BENCH line
wrk_run() {
  local script=$1 port=$2 key=$3 body=$4 delay=$5 conns=$6 secs=$7; shift 7
  env BENCH_BODY="$body" BENCH_KEY="$key" BENCH_DELAY="$delay" "$@" \
    taskset -c "$LOAD_CPUS" wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s -s "$ROOT/bench/wrk/$script" \
    "http://127.0.0.1:$port/v1/chat/completions" | grep '^BENCH' || echo "BENCH requests=0"
}

# The profiled .NET target writes /tmp/perf-PID.map, which perf reads to name JIT-compiled methods; with W^X on, the
# runtime's code lives in a double-mapped memfd that perf cannot attribute, so the profiled process runs without it.
is_profiled() { [[ " $PROFILE " == *" $1 "* ]]; }
perf_map_env() { is_profiled "$1" && echo "DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"; return 0; }

# profile_start TARGET PHASE PIDS...: perf samples the PIDs for the phase's length (when this is the profiled phase)
profile_start() {
  PROFILING=0
  is_profiled "$1" && [ "$2" = "$PROFILE_PHASE" ] || return 0
  local pids; pids=$(IFS=,; echo "${*:3}")
  perf record -q -F 499 -g -p "$pids" -o "$RUN/profile.data" -- sleep "$PHASE" 2> "$RUN/profile-record.log" &
  PERF_RECORD_PID=$!
  perf stat -x, -e context-switches -e 'syscalls:sys_enter_*' -p "$pids" -o "$RUN/profile-stat.txt" -- sleep "$PHASE" &
  PERF_STAT_PID=$!
  PROFILING=1
}

# profile_report TARGET REQUESTS: where the profiled phase's CPU went, into $OUT/profile-TARGET.txt
profile_report() {
  [ "$PROFILING" = 1 ] || return 0
  local -; set +o pipefail  # head closes perf report's pipe early: SIGPIPE there is expected, not a failure
  wait "$PERF_RECORD_PID" "$PERF_STAT_PID" || true
  local f=$OUT/profile-$1.txt cs
  cs=$(awk -F, '$3 == "context-switches" {print $1}' "$RUN/profile-stat.txt")
  {
    echo "# $1, $PROFILE_PHASE: perf record -F 499 -g over ${PHASE} s ($2 requests), $(date -u +%FT%TZ)"
    echo "context switches per request: $(awk -v c="${cs:-0}" -v n="$2" 'BEGIN {printf "%.2f", c / n}')"
    echo; echo "## system calls per request (perf stat, counted)"
    awk -F, -v n="$2" '$3 ~ /^syscalls:sys_enter_/ && $1 + 0 > 0 {
        name = substr($3, 20); all += $1; printf "%8.3f  %s\n", $1 / n, name }
      END {printf "%8.3f  all\n", all / n}' "$RUN/profile-stat.txt" | sort -rn | head -16
    echo; echo "## by library (self)"
    perf report -i "$RUN/profile.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
    echo; echo "## kernel entry points (inclusive)"
    perf report -i "$RUN/profile.data" --children --sort sym --stdio -g none 2>/dev/null | grep -E '__x64_sys_|\] (do_softirq|asm_common_interrupt)' | head -15
    echo; echo "## functions (self)"
    perf report -i "$RUN/profile.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60 | cut -c1-220
  } > "$f"
  log "profile of $1 ($PROFILE_PHASE) in $f"
}

# phase TARGET PHASE PORT KEY BODY DELAY CONNS: one measured wrk run, CPU read from /proc around it
phase() {
  local target=$1 name=$2 port=$3 key=$4 body=$5 delay=$6 conns=$7
  local -n proxy=$8
  local load p0 f0 line p1 f1 n secs st0 st1 d0 d1 x0 x1
  st0=$(stats_of "$target"); load=$(loadavg); p0=$(ticks "${proxy[@]}"); f0=$(ticks "${FAKE_PIDS[@]}")
  d0=$(db_ticks "$target"); x0=$(db_commits "$target")
  profile_start "$target" "$name" "${proxy[@]}"
  line=$(wrk_run bench.lua "$port" "$key" "$body" "$delay" "$conns" "$PHASE")
  p1=$(ticks "${proxy[@]}"); f1=$(ticks "${FAKE_PIDS[@]}"); d1=$(db_ticks "$target"); x1=$(db_commits "$target")
  st1=$(stats_of "$target")
  if [ -n "$st1" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$name" "$st0" "$st1" "$((d1 - d0))" "$((x1 - x0))" >> "$STATS"
  fi
  n=$(field requests "$line"); secs=$(awk -v d="$(field duration_us "$line")" 'BEGIN {print d / 1e6}')
  [ "${n:-0}" -gt 0 ] || { echo "$target $name: no request completed" >&2; exit 1; }
  profile_report "$target" "$n"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$name" \
    "$(awk -v n="$n" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')" \
    "$(field p50 "$line")" "$(field p90 "$line")" "$(field p99 "$line")" \
    "$(awk -v t=$((p1 - p0)) -v n="$n" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')" \
    "$(awk -v t=$((f1 - f0)) -v n="$n" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')" \
    "$(( $(field errors "$line") + $(field status_errors "$line") ))" "$load" "$n" >> "$ROWS"
  log "$target $name: $(tail -1 "$ROWS" | cut -f3-9 | tr '\t' ' ')"
}

# target NAME PORT KEY PIDS-ARRAY: warm-up, the four wrk phases, the stream probes
target() {
  local name=$1 port=$2 key=$3 pids=$4
  local chat=$ROOT/bench/bodies/chat.json stream=$ROOT/bench/bodies/stream.json
  log "$name: warming up for ${WARM} s"
  wrk_run bench.lua "$port" "$key" "$chat" 0 "$SAT_CONNS" $(( (WARM + 1) / 2 )) > /dev/null
  wrk_run bench.lua "$port" "$key" "$stream" 0 "$SAT_CONNS" $(( (WARM + 1) / 2 )) > /dev/null
  # Then paced, as the first phase is: .NET's tiered JIT was still recompiling the paced path (hundreds of methods a
  # second) after the saturated warm-up, which put the first paced phase's CPU per request at 2-3 times its steady state.
  wrk_run bench.lua "$port" "$key" "$chat" $((PACED_CONNS * 1000 / RATE)) "$PACED_CONNS" $(( (WARM + 2) / 3 )) > /dev/null
  phase "$name" "json paced" "$port" "$key" "$chat" $((PACED_CONNS * 1000 / RATE)) "$PACED_CONNS" "$pids"
  phase "$name" "json saturated" "$port" "$key" "$chat" 0 "$SAT_CONNS" "$pids"
  phase "$name" "sse paced" "$port" "$key" "$stream" $((PACED_CONNS * 1000 / SSE_RATE)) "$PACED_CONNS" "$pids"
  phase "$name" "sse saturated" "$port" "$key" "$stream" 0 "$SAT_CONNS" "$pids"
  local -n list=$pids
  local model=bench/echo slow=slow-5+tokens-20
  [ "$name" = silo ] || [ "$name" = cluster ] && slow=bench/slow
  local probe slowprobe
  probe=$(taskset -c "$LOAD_CPUS" "$TOOL_BIN" streams --url "http://127.0.0.1:$port/v1/" ${key:+--key "$key"} --model "$model" --count "$PROBES")
  slowprobe=$(taskset -c "$LOAD_CPUS" "$TOOL_BIN" streams --url "http://127.0.0.1:$port/v1/" ${key:+--key "$key"} --model "$slow" --count "$SLOW_PROBES" --interval-ms 0)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(field ttfb_p50 "$probe")" "$(field ttfb_p99 "$probe")" "$(field total_p50 "$probe")" \
    "$(field reads_p50 "$slowprobe")" "$(field gap_p50 "$slowprobe")" "$(field complete "$probe")/$(field count "$probe")" \
    "$( [ ${#list[@]} -gt 0 ] && status_kb VmHWM "${list[@]}" || echo 0)" >> "$RUN/streams.tsv"
  log "$name streams: $probe | paced upstream: $slowprobe"
}

soak() { # the silo at saturation for SOAK seconds, RSS sampled every 5 s (every second in --quick)
  local every=5; [ "$QUICK" = 1 ] && every=1
  log "soak: silo saturated for ${SOAK} s, RSS every ${every} s"
  local s0 f0; s0=$(ticks "${SILO_PIDS[@]}"); f0=$(ticks "${FAKE_PIDS[@]}")
  wrk_run bench.lua "$SILO_PORT" "$KEY" "$ROOT/bench/bodies/chat.json" 0 "$SAT_CONNS" "$SOAK" > "$RUN/soak.txt" &
  local wrk_pid=$! samples=()
  for _ in $(seq $((SOAK / every))); do sleep "$every"; samples+=("$(status_kb VmRSS "${SILO_PIDS[@]}")"); done
  wait "$wrk_pid"
  SOAK_RSS=("${samples[@]}")
  SOAK_REQS=$(field requests "$(cat "$RUN/soak.txt")")
  SOAK_CPU=$(awk -v t=$(( $(ticks "${SILO_PIDS[@]}") - s0 )) -v n="$SOAK_REQS" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')
  SOAK_FAKE_CPU=$(awk -v t=$(( $(ticks "${FAKE_PIDS[@]}") - f0 )) -v n="$SOAK_REQS" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')
}

# The scale silo's full (generation 2) collections so far, from its latest stats line (logged every second).
full_gcs() { sleep 1.2; field full_gcs " $(grep -o 'Stats: records=.*' "$RUN/scale.log" | tail -1)"; }

# settle PORT SINCE [wrk environment...]: paced traffic, PHASE seconds at a time, until the scale silo has run a full
# collection after SINCE (its count then), at most SCALE_SETTLE seconds. After a burst of traffic (the activation pass,
# the warm-up) the GC holds the burst's garbage and the memory it committed for it for a minute or so at 500 req/s, and
# gives it back at a full collection or on its own; RSS sampled after that is the silo's steady state. Prints the
# seconds of traffic it took, or "cap".
settle() {
  local port=$1 since=$2 waited=0; shift 2
  # A silo build without the stats field (BENCH_SILO_BIN) cannot say when it has collected: no settled figure then.
  if ! [[ "$since" =~ ^[0-9]+$ ]]; then echo n/a; return 0; fi
  while [ "$(full_gcs)" -le "$since" ]; do
    if [ "$waited" -ge "$SCALE_SETTLE" ]; then echo cap; return 0; fi
    wrk_run keys.lua "$port" "" "$ROOT/bench/bodies/chat.json" $((PACED_CONNS * 1000 / RATE)) "$PACED_CONNS" "$PHASE" "$@" > /dev/null
    waited=$((waited + PHASE))
  done
  echo "$waited"
}

settled_text() { case "$1" in cap) echo "$SCALE_SETTLE s, the cap, without a full collection" ;; n/a) echo "n/a: no full_gcs in the silo's stats" ;; *) echo "$1 s, to a full collection" ;; esac; }
# per_key BEFORE_KB AFTER_KB: the RSS growth per active key, in KB.
per_key() { awk -v a="$1" -v b="$2" -v n="$SCALE_ACTIVE" 'BEGIN {printf "%.2f", (b - a) / n}'; }
scale_per_key_settled() {
  case "$SCALE_SETTLED0 $SCALE_SETTLED1" in *n/a*) echo n/a; return ;; esac
  per_key "$SCALE_RSS0S" "$SCALE_RSS1S"
}

scale_case() {
  log "scale: seeding $SCALE_KEYS keys across $SCALE_ORGS orgs straight into SQLite (IRouteroStore.CommitAsync)"
  stop "${SILO_PIDS[0]}"
  mkdir -p "$RUN/scale"
  SCALE_SEED=$("$TOOL_BIN" seed-scale --data "$RUN/scale/data" --orgs "$SCALE_ORGS" --keys "$SCALE_KEYS" --active "$SCALE_ACTIVE" --out "$RUN/scale-keys.txt")
  log "$SCALE_SEED"
  start_silo scale "$SCALE_PORT"; local pid=$LAST_PID
  local chat=$ROOT/bench/bodies/chat.json line
  # Baseline: warm (JIT, pools, connections) on 100 keys, so the difference below is the other keys' grains.
  wrk_run keys.lua "$SCALE_PORT" "" "$chat" 0 "$SAT_CONNS" "$WARM" BENCH_KEYS="$RUN/scale-keys.txt" BENCH_KEY_LIMIT=100 > /dev/null
  sleep 1; SCALE_RSS0=$(status_kb VmRSS "$pid"); memory_snapshot "$pid" before
  # The same baseline once settled: paced traffic on the same 100 keys until a full collection has run since the warm-up.
  SCALE_SETTLED0=$(settle "$SCALE_PORT" "$(full_gcs)" BENCH_KEYS="$RUN/scale-keys.txt" BENCH_KEY_LIMIT=100 BENCH_KEY_ORDER=random)
  sleep 1; SCALE_RSS0S=$(status_kb VmRSS "$pid"); memory_snapshot "$pid" before-settled
  # Activation: round robin, so every active key (and its chain) is used at least once.
  line=$(wrk_run keys.lua "$SCALE_PORT" "" "$chat" 0 "$SAT_CONNS" $((PHASE * 2)) BENCH_KEYS="$RUN/scale-keys.txt" BENCH_KEY_ORDER=roundrobin)
  SCALE_ACTIVATED=$(field requests "$line"); SCALE_ACT_ERRORS=$(( $(field errors "$line") + $(field status_errors "$line") ))
  local activated_gcs; activated_gcs=$(full_gcs)
  [ "$SCALE_ACTIVATED" -ge "$SCALE_ACTIVE" ] || note "scale: only $SCALE_ACTIVATED requests in the activation pass (< $SCALE_ACTIVE keys)"
  # Measured: paced, each request with a random one of the active keys.
  local load t0 t1
  load=$(loadavg); t0=$(ticks "$pid")
  line=$(wrk_run keys.lua "$SCALE_PORT" "" "$chat" $((PACED_CONNS * 1000 / RATE)) "$PACED_CONNS" "$PHASE" BENCH_KEYS="$RUN/scale-keys.txt" BENCH_KEY_ORDER=random)
  t1=$(ticks "$pid")
  sleep 1; SCALE_RSS1=$(status_kb VmRSS "$pid"); SCALE_HWM=$(status_kb VmHWM "$pid"); memory_snapshot "$pid" after
  # Settled: more paced traffic over all active keys until a full collection has run since the activation pass (the
  # measured phase's own collections count).
  SCALE_SETTLED1=$(settle "$SCALE_PORT" "$activated_gcs" BENCH_KEYS="$RUN/scale-keys.txt" BENCH_KEY_ORDER=random)
  sleep 1; SCALE_RSS1S=$(status_kb VmRSS "$pid"); memory_snapshot "$pid" after-settled
  if [ "${BENCH_SCALE_HOLD:-0}" -gt 0 ]; then  # time to inspect the measured silo (e.g. Routero.Bench heap --pid PID)
    log "scale: holding the silo (PID $pid) for $BENCH_SCALE_HOLD s"; sleep "$BENCH_SCALE_HOLD"
  fi
  local n; n=$(field requests "$line")
  SCALE_ROW="$(field p50 "$line")	$(field p99 "$line")	$(awk -v t=$((t1 - t0)) -v n="$n" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')	$(( $(field errors "$line") + $(field status_errors "$line") + SCALE_ACT_ERRORS ))	$load"
  stop "$pid"
  FOOTPRINT=$("$TOOL_BIN" footprint --orgs "$SCALE_ORGS" --keys-per-org $((SCALE_ACTIVE / SCALE_ORGS)))
}

pg_script() { ROUTERO_TEST_PG_PORT=$PG_PORT ROUTERO_TEST_PG_DIR=$PG_DIR "$ROOT/scripts/test-postgres.sh" "$@"; }

cluster_target() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then note "cluster: no PostgreSQL server binaries (apt-get install postgresql); cluster rows skipped"; return 0; fi
  PG_BIN=$(dirname "$(ls -1d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  log "cluster: throwaway PostgreSQL on 127.0.0.1:$PG_PORT (data in $PG_DIR, CPU $LOAD_CPUS)"
  pg_script stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"
  # The server log (kept as pg-server.log in the run's logs) names what a latency tail would come from: checkpoints,
  # lock waits over deadlock_timeout (1 s), statements slower than 50 ms, autovacuum runs.
  local conf="log_checkpoints = on
log_lock_waits = on
log_min_duration_statement = 50
log_autovacuum_min_duration = 0"
  [ "${BENCH_PG_STATEMENTS:-0}" = 1 ] && conf="$conf
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track_planning = on"
  local url; url=$(ROUTERO_TEST_PG_CONF="$conf" taskset -c "$LOAD_CPUS" bash -c 'ROUTERO_TEST_PG_PORT=$0 ROUTERO_TEST_PG_DIR=$1 "$2"/scripts/test-postgres.sh start' "$PG_PORT" "$PG_DIR" "$ROOT" 2> "$RUN/pg.log") \
    || { cat "$RUN/pg.log" >&2; note "cluster: PostgreSQL did not start (see pg.log); cluster rows skipped"; return 0; }
  PG_STARTED=1
  PG_MASTER=$(head -1 "$PG_DIR/postmaster.pid")
  # silo-config/cluster.json's cluster settings (heartbeat 5 s, dead after 20 s, leases of 30 s) are the defaults.
  start_silo cluster "$CLUSTER_PORT" Routero__Storage__Kind=postgres "Routero__Storage__ConnectionString=$url" \
    Routero__Cluster__SiloName=bench-cluster; CLUSTER_PIDS=("$LAST_PID")
  "$TOOL_BIN" seed --url "http://127.0.0.1:$CLUSTER_PORT/" --master "$MASTER" --out "$RUN/cluster-key.txt" >&2
  [ "${BENCH_PG_STATEMENTS:-0}" = 1 ] && pg_sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" > /dev/null
  target cluster "$CLUSTER_PORT" "$(cat "$RUN/cluster-key.txt")" CLUSTER_PIDS
  stop "${CLUSTER_PIDS[0]}"
  if [ "${BENCH_PG_STATEMENTS:-0}" = 1 ]; then
    pg_sql "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round((total_exec_time / greatest(calls, 1) * 1000)::numeric) AS us_per_call,
      plans, round((total_plan_time / greatest(plans, 1) * 1000)::numeric) AS plan_us, rows, wal_records, left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25" \
      > "$RUN/pg-statements.txt" 2>&1 || true
    log "cluster: statement profile in $RUN/pg-statements.txt"
  fi
}
pg_sql() { "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d routero_test -P pager=off -c "$1"; }

# ---------------------------------------------------------------------------------------------- report

machine() {
  echo "- CPU: $(nproc) × $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); memory $(free -g | awk '/^Mem:/ {print $2}') GiB; kernel $(uname -r)"
  echo "- .NET SDK $(dotnet --version); $(nginx -v 2>&1 | sed 's#nginx version: ##'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- paced phases: $PACED_CONNS connections, each pausing $((PACED_CONNS * 1000 / RATE)) ms (JSON) or $((PACED_CONNS * 1000 / SSE_RATE)) ms (SSE) after each answer, $( [ "$BENCH_ARRIVALS" = random ] && echo "on average (exponential pauses: independent arrivals)" || echo "exactly (fixed pauses)")"
  echo "- pinning: wrk and probes on CPU $LOAD_CPUS; fake upstream, nginx (1 worker), plain .NET hop and silo on CPU $SUT_CPUS; silo Storage.FullSync=$FULL_SYNC (data on $(df --output=fstype "$RUN" | tail -1))"
  [ -n "${PG_BIN:-}" ] && echo "- cluster target: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (throwaway, fsync on, scripts/test-postgres.sh settings) on CPU $LOAD_CPUS with wrk; silo settings of silo-config/cluster.json (the defaults)"
  echo "- load average (1 min) at start $LOAD_START, at end $(loadavg); per phase in the table"
}

us_ms() { awk -v v="$1" 'BEGIN {printf "%.2f", v / 1000}'; }
row() { awk -F'\t' -v t="$1" -v p="$2" -v c="$3" '$1 == t && $2 == p {print $c}' "$ROWS"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b}'; }
verdict() { awk -v v="$1" -v op="$2" -v lim="$3" 'BEGIN {if (v == "n/a" || v == "") {print "n/a"; exit}; ok = (op == "<=") ? (v <= lim) : (v >= lim); print ok ? "met" : "MISSED"}'; }

report() {
  local f=$RUN/report.md mode="full (10-second phases)"
  [ "$QUICK" = 1 ] && mode="--quick (2-second phases; numbers not meaningful)"
  {
    echo "## Routero benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $mode"
    echo
    machine
    echo
    echo "| target | phase | req/s | p50 ms | p90 ms | p99 ms | proxy CPU µs/req | upstream CPU µs/req | errors | load |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %s | %.2f | %.2f | %.2f | %s | %s | %s | %s |\n", $1, $2, $3, $4/1000, $5/1000, $6/1000, ($1 == "direct" ? "-" : $7), $8, $9, $10}' "$ROWS"
    echo
    echo "Streams one at a time ($PROBES probes; paced upstream: $SLOW_PROBES streams of 20 events 5 ms apart):"
    echo
    echo "| target | TTFB p50 ms | TTFB p99 ms | complete p50 ms | reads per paced stream | gap p50 ms | complete | proxy peak RSS MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %.2f | %.2f | %.2f | %s | %.2f | %s | %s |\n", $1, $2/1000, $3/1000, $4/1000, $5, $6/1000, $7, ($1 == "direct" ? "-" : sprintf("%.0f", $8/1024))}' "$RUN/streams.tsv"
    echo
    echo "Upstream (fake provider) peak RSS: $(( $(status_kb VmHWM "${FAKE_PIDS[@]}") / 1024 )) MiB."
    if [ -s "$STATS" ]; then
      echo
      echo "Accounting per phase, from the silos' stats lines (records: requests accounted; the group commit p50 is the median write"
      echo "time of the phase's last 1,024 spend batches; database columns: the cluster's PostgreSQL, its committed transactions from"
      echo "pg_stat_database, which each backend flushes about once a second, so they are approximate; allocated: the silo's"
      echo "managed allocations, GC.GetTotalAllocatedBytes, per request accounted):"
      echo
      echo "| target | phase | records | batches | records per batch | group commit p50 ms | allocated KB per request | lease statements per 1,000 requests | DB commits per request | DB CPU µs/req |"
      echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
      awk -F'\t' -v hz="$CLK_TCK" '{split($3, a, " "); split($4, b, " "); r = b[1] - a[1]; n = b[2] - a[2]; l = b[3] - a[3];
        db = ($1 == "cluster"); printf "| %s | %s | %d | %d | %s | %.2f | %s | %s | %s | %s |\n", $1, $2, r, n, (n > 0 ? sprintf("%.1f", r / n) : "-"), b[4] / 1000,
        (r > 0 && b[5] != "" ? sprintf("%.2f", (b[5] - a[5]) / r) : "-"), (db && r > 0 ? sprintf("%.2f", l * 1000 / r) : "-"), (db && r > 0 ? sprintf("%.2f", $6 / r) : "-"), (db && r > 0 ? sprintf("%.0f", $5 * 1e6 / hz / r) : "-")}' "$STATS"
    fi
    if [ -n "${SOAK_RSS+x}" ]; then
      echo "Soak: silo, JSON saturated for ${SOAK} s (after everything above: the warmest the silo gets): $SOAK_REQS requests, $(( SOAK_REQS / SOAK )) req/s, silo CPU $SOAK_CPU µs/req, upstream $SOAK_FAKE_CPU µs/req; RSS MiB by sample: $(for r in "${SOAK_RSS[@]}"; do printf '%d ' $((r / 1024)); done)"
    fi
    if [ -n "${SCALE_ROW:-}" ]; then
      IFS=$'\t' read -r sp50 sp99 scpu serr sload <<< "$SCALE_ROW"
      echo
      echo "Scale: $SCALE_SEED. Traffic paced at $RATE req/s over the $SCALE_ACTIVE active keys, after a round-robin pass of $SCALE_ACTIVATED requests activated them all."
      echo
      echo "| keys stored | active keys | p50 ms | p99 ms | silo CPU µs/req | RSS before MiB | RSS after MiB | RSS per active key grain | errors | load |"
      echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      echo "| $SCALE_KEYS | $SCALE_ACTIVE | $(us_ms "$sp50") | $(us_ms "$sp99") | $scpu | $((SCALE_RSS0 / 1024)) | $((SCALE_RSS1 / 1024)) | $(per_key "$SCALE_RSS0" "$SCALE_RSS1") KB (with its chain) | $serr | $sload |"
      echo
      echo "Settled (the same two samples after more paced traffic, until the silo has run a full collection or for $SCALE_SETTLE s: the GC holds the garbage of the warm-up and of the activation pass, and the memory it committed for it, for a minute or so before it gives it back): RSS before $((SCALE_RSS0S / 1024)) MiB (paced traffic on the 100 warm-up keys for $(settled_text "$SCALE_SETTLED0")), after $((SCALE_RSS1S / 1024)) MiB (paced traffic over all active keys for $(settled_text "$SCALE_SETTLED1")): $(scale_per_key_settled) KB per active key with its chain."
      echo
      local before="$RUN/scale/memory-before.txt" after="$RUN/scale/memory-after.txt"
      if [ -s "$before" ] && [ -s "$after" ]; then
        echo "Where the growth is (the silo's /proc status and its stats lines, before → after, per active key): $(awk -v n="$SCALE_ACTIVE" '
          FNR == 1 { f++ }
          /^RssAnon:/ { anon[f] = $2 } /^RssFile:/ { file[f] = $2 } /^RssShmem:/ { shm[f] = $2 }
          /gc_heap_kb=/ { split($1, h, "="); split($2, c, "="); heap[f] = h[2]; committed[f] = c[2] }
          END {
            printf "anonymous %.2f KB (of it, GC-committed %.2f KB, managed heap in use %.2f KB), file-backed %.2f KB, shared (JIT code) %.2f KB",
              (anon[2] - anon[1]) / n, (committed[2] - committed[1]) / n, (heap[2] - heap[1]) / n, (file[2] - file[1]) / n, (shm[2] - shm[1]) / n
          }' "$before" "$after")."
        echo
      fi
      echo "Managed heap in-process (same tenant shape, \`Routero.Bench footprint\`, GC.GetTotalMemory after full collections): $(field key_grain_bytes "$FOOTPRINT") bytes per key grain (with its policy snapshot and key-index entry), $(field chain_grain_bytes "$FOOTPRINT") bytes per org/team/user/customer grain, $(field per_key_with_chain_bytes "$FOOTPRINT") bytes per active key with its share of the chain."
    fi
    echo
    echo "Targets (ratios within this run):"
    echo
    local cs cn sat_s sat_n add ttfb_s ttfb_d ss sn growth
    cs=$(row silo "json saturated" 7); cn=$(row nginx "json saturated" 7)
    echo "- CPU per JSON request, silo / nginx (saturated): $(ratio "$cs" "$cn") (≤ 4: $(verdict "$(ratio "$cs" "$cn")" "<=" 4)); paced: $(ratio "$(row silo "json paced" 7)" "$(row nginx "json paced" 7)")"
    [ -n "${SOAK_CPU:-}" ] && echo "- the same with the warmest silo (soak, ${SOAK} s saturated): $(ratio "$SOAK_CPU" "$cn") (≤ 4: $(verdict "$(ratio "$SOAK_CPU" "$cn")" "<=" 4)); its throughput / nginx: $(ratio $(( SOAK_REQS / SOAK )) "$(row nginx "json saturated" 3)")"
    echo "- reference: plain .NET hop (Kestrel + HttpClient, nothing else) / nginx, CPU per JSON request (saturated): $(ratio "$(row hop "json saturated" 7)" "$cn"); silo / plain .NET hop: $(ratio "$cs" "$(row hop "json saturated" 7)")"
    add=$(awk -v a="$(row silo "json paced" 4)" -v b="$(row direct "json paced" 4)" 'BEGIN {printf "%.2f", (a - b) / 1000}')
    echo "- added p50 at $RATE req/s, silo − direct: $add ms (≤ 0.25: $(verdict "$add" "<=" 0.25)); nginx − direct: $(awk -v a="$(row nginx "json paced" 4)" -v b="$(row direct "json paced" 4)" 'BEGIN {printf "%.2f", (a - b) / 1000}') ms"
    sat_s=$(row silo "json saturated" 3); sat_n=$(row nginx "json saturated" 3)
    echo "- saturation throughput, silo / nginx: $(ratio "$sat_s" "$sat_n") (≥ 0.33: $(verdict "$(ratio "$sat_s" "$sat_n")" ">=" 0.333))"
    ttfb_s=$(awk -F'\t' '$1 == "silo" {print $2}' "$RUN/streams.tsv"); ttfb_d=$(awk -F'\t' '$1 == "direct" {print $2}' "$RUN/streams.tsv")
    add=$(awk -v a="$ttfb_s" -v b="$ttfb_d" 'BEGIN {printf "%.2f", (a - b) / 1000}')
    echo "- streaming TTFB added, silo − direct (p50): $add ms (≤ 0.5: $(verdict "$add" "<=" 0.5)); paced events arrive one read each: direct $(awk -F'\t' '$1 == "direct" {print $5}' "$RUN/streams.tsv"), silo $(awk -F'\t' '$1 == "silo" {print $5}' "$RUN/streams.tsv") reads"
    ss=$(row silo "sse saturated" 7); sn=$(row nginx "sse saturated" 7)
    echo "- CPU per stream, silo / nginx (saturated): $(ratio "$ss" "$sn") (≤ 4: $(verdict "$(ratio "$ss" "$sn")" "<=" 4))"
    if [ -n "${SOAK_RSS+x}" ] && [ ${#SOAK_RSS[@]} -ge 2 ]; then
      growth=$(awk -v a="${SOAK_RSS[1]}" -v b="${SOAK_RSS[-1]}" 'BEGIN {printf "%.1f", (b - a) / a * 100}')
      echo "- RSS growth over the soak (2nd sample to last): $growth % (no growth: $(verdict "$growth" "<=" 5))"
    fi
    if [ -n "${SCALE_ROW:-}" ]; then
      local per; per=$(per_key "$SCALE_RSS0" "$SCALE_RSS1")
      local settled; settled=$(scale_per_key_settled)
      echo "- RSS per active key grain, settled: $settled KB (≤ 2 KB: $(verdict "$settled" "<=" 2)); sampled right after the measured phase (${PHASE} s of paced traffic after the activation burst), as before 2026-12-04: $per KB"
    fi
    if [ -n "$(row cluster "json saturated" 7)" ]; then
      local cc; cc=$(awk -F'\t' '$1 == "cluster" && $2 == "json paced" {split($4, b, " "); print b[4] / 1000}' "$STATS")
      echo "- cluster mode, CPU per request / embedded (the silo process; its database's CPU is in the accounting table): JSON saturated $(ratio "$(row cluster "json saturated" 7)" "$cs") (≤ 1.10: $(verdict "$(ratio "$(row cluster "json saturated" 7)" "$cs")" "<=" 1.10)), JSON paced $(ratio "$(row cluster "json paced" 7)" "$(row silo "json paced" 7)"), SSE saturated $(ratio "$(row cluster "sse saturated" 7)" "$ss")"
      echo "- cluster mode, group commit p50 at $RATE req/s: ${cc:-n/a} ms (< 1: $(verdict "${cc:-n/a}" "<=" 0.999)); added p50 over the embedded silo: $(awk -v a="$(row cluster "json paced" 4)" -v b="$(row silo "json paced" 4)" 'BEGIN {printf "%.2f", (a - b) / 1000}') ms"
      echo "- cluster mode, lease statements per 1,000 requests: $(awk -F'\t' '$1 == "cluster" {split($3, a, " "); split($4, b, " "); r = b[1] - a[1]; printf "%s %.2f; ", $2, (r > 0 ? (b[3] - a[3]) * 1000 / r : 0)}' "$STATS")"
    fi
    [ -s "$NOTES" ] && { echo; sed 's/^/- note: /' "$NOTES"; }
    echo
    echo "Reproduce: \`bench/run.sh$( [ "$QUICK" = 1 ] && echo " --quick")\` (logs of this run: $RUN)."
  } > "$f"
  cp "$f" "$OUT/latest.md"
  cp "$f" "$OUT/$(date -u +%Y%m%dT%H%M%SZ)$( [ "$QUICK" = 1 ] && echo -quick).md"
  cat "$f"
}

# ---------------------------------------------------------------------------------------------- main

SECONDS=0
LOAD_START=$(loadavg)
install_tools
build
start_all
EMPTY=()
: > "$RUN/streams.tsv"
for t in ${BENCH_TARGETS:-direct nginx hop silo cluster}; do
  case "$t" in
    direct) target direct "$FAKE_PORT" "" EMPTY ;;
    nginx) target nginx "$NGINX_PORT" "" NGINX_PIDS ;;
    hop) target hop "$HOP_PORT" "" HOP_PIDS ;;
    silo) target silo "$SILO_PORT" "$KEY" SILO_PIDS ;;
    cluster) ;; # below, after the embedded silo's rows
  esac
done
# CLUSTER: a silo in cluster mode (storage kind postgres: quota ledger, membership and change fan-out on it) on a
# throwaway PostgreSQL, started as scripts/test-postgres.sh starts the tests' one (loopback, its own port and data
# directory, pinned with wrk so the silo's core holds only the silo and the upstream, as with a database server of
# its own). The rows "cluster" sit beside "silo"; stats.tsv adds lease statements and database commits per request.
[[ " ${BENCH_TARGETS:-cluster} " == *" cluster "* ]] && cluster_target
[ "${BENCH_SOAK:-1}" = 1 ] && soak
[ "$SCALE" = 1 ] && scale_case
report
log "done in ${SECONDS} s; results in $OUT/latest.md"
if [ "$MICRO" = 1 ]; then
  log "microbenchmarks (BenchmarkDotNet)"
  dotnet run -c Release --project "$ROOT/bench/Routero.Benchmarks" -- --filter '*' --artifacts "$OUT/micro"
fi
