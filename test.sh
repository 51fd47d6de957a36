#!/usr/bin/env bash
# Runs every test of the solution (Release build) and ends with one line: "N passed, N failed".
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
