#!/usr/bin/env bash
# Runs every test of the solution (Release build), then the benchmark's quick mode as one more test, and ends
# with one line: "N passed, N failed".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Relay"]
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
# The PostgreSQL storage tests need a server. Unless ROUTERO_TEST_POSTGRES names one, use the throwaway
# loopback cluster of scripts/test-postgres.sh, and stop it afterwards only if this run started it.
pg_started=0
cleanup() {
  rm -f "$log"
  if [ "$pg_started" -eq 1 ]; then scripts/test-postgres.sh stop >/dev/null 2>&1; fi
}
trap cleanup EXIT
if [ -z "${ROUTERO_TEST_POSTGRES:-}" ]; then
  scripts/test-postgres.sh status 2>/dev/null || pg_started=1
  if url=$(scripts/test-postgres.sh start); then
    export ROUTERO_TEST_POSTGRES="$url"
  else
    pg_started=0
    echo "Could not start the test PostgreSQL server (see above); the PostgreSQL tests will fail." >&2
  fi
fi

dotnet test Routero.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
read -r passed failed projects < <(awk '
  /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") { f += $(i + 1) + 0 }
      if ($i == "Passed:") { p += $(i + 1) + 0 }
    }
    n++
  }
  END { printf "%d %d %d\n", p, f, n }' "$log")

# The benchmark's quick mode proves that the benchmark still runs (bench/run.sh --quick: 2-second phases of every
# target, a small scale case); its numbers are not judged. It counts as one test, runs after the test projects (never
# beside them: it pins processes to both cores), and only for a whole-suite run (no extra arguments).
# ROUTERO_TEST_BENCH=0 leaves it out, and says so. It needs wrk and nginx (apt-get install wrk
# nginx-light, as .ci/run does); it never installs anything itself.
bench_passed=0 bench_failed=0
if [ "$#" -gt 0 ]; then
  :
elif [ "${ROUTERO_TEST_BENCH:-1}" = 0 ]; then
  echo "benchmark smoke run: left out (ROUTERO_TEST_BENCH=0)"
else
  echo "== benchmark smoke run: bench/run.sh --quick --no-install (about 3 minutes; numbers not judged)"
  bench_out=$(mktemp -d)
  if BENCH_OUT="$bench_out" bench/run.sh --quick --no-install > "$bench_out/run.log" 2>&1 \
    && grep -q '^| silo | json paced |' "$bench_out/latest.md" && grep -q '^| cluster | json paced |' "$bench_out/latest.md"; then
    echo "benchmark smoke run: passed ($(tail -n 1 "$bench_out/run.log" | sed 's/^[0-9:]* *//; s/;.*//'))"
    bench_passed=1
  else
    tail -n 40 "$bench_out/run.log"
    echo "benchmark smoke run: FAILED (the end of its log is above; it needs wrk, nginx-light and postgresql)"
    bench_failed=1
  fi
  rm -rf "$bench_out"
fi
passed=$((passed + bench_passed))
failed=$((failed + bench_failed))

expected=$(find tests -name '*.Tests.csproj' | wc -l)
if [ "$projects" -lt "$expected" ]; then
  # A test host that crashed prints no summary: count each such project as one failure.
  missing=$((expected - projects))
  echo "$missing test project(s) printed no summary (build error or crashed test host)."
  failed=$((failed + missing))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
