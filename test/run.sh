#!/usr/bin/env bash
# Runs the whole test suite. The PostgreSQL tests need a server on
# 127.0.0.1:5432 (or PGHOST/PGPORT); when one is installed but not running this
# starts it, and says clearly why when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_ready() { pg_isready -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" 2>/dev/null; }

if ! pg_ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "test: PostgreSQL is not running; starting cluster $version/main" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  fi
  if ! pg_ready; then
    echo "test: no PostgreSQL server answers on ${PGHOST:-127.0.0.1}:${PGPORT:-5432} and none could be started here." >&2
    echo "test: install PostgreSQL (apt-get install postgresql) or set PGHOST/PGPORT to a server where user ${PGUSER:-postgres} may create databases." >&2
    exit 1
  fi
fi

# Each test file runs in its own process; two at a time on this 2-core machine.
files=$(find test -name '*.test.ts' | sort)
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec ${files} "$@"
