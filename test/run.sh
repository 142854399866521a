#!/usr/bin/env bash
# Runs the whole test suite. The PostgreSQL tests need a server on
# 127.0.0.1:5432 (or PGHOST/PGPORT), the MariaDB/MySQL tests one on 127.0.0.1:3306
# (or MYSQL_HOST/MYSQL_PORT); when one is installed but not running this starts
# it, and says clearly why when it cannot.
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

my_ready() { mariadb -h "${MYSQL_HOST:-127.0.0.1}" -P "${MYSQL_PORT:-3306}" -u "${MYSQL_USER:-root}" ${MYSQL_PASSWORD:+-p"$MYSQL_PASSWORD"} -e 'SELECT 1' >/dev/null 2>&1; }
my_alive() { mariadb-admin -h "${MYSQL_HOST:-127.0.0.1}" -P "${MYSQL_PORT:-3306}" ping >/dev/null 2>&1; }

if ! command -v mariadb >/dev/null 2>&1; then
  echo "test: the MariaDB client (mariadb) is not installed, so no MariaDB server can be started or checked here." >&2
  echo "test: install MariaDB (apt-get install mariadb-server mariadb-client) or set MYSQL_HOST/MYSQL_PORT/MYSQL_USER to a server where that user may create databases and users." >&2
  exit 1
fi
if ! my_alive; then
  if [ -x /usr/sbin/mariadbd ] && [ -z "${MYSQL_HOST:-}" ]; then
    echo "test: MariaDB is not running; starting /usr/sbin/mariadbd" >&2
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    for _ in $(seq 1 30); do my_alive && break; sleep 1; done
  fi
  if ! my_alive; then
    echo "test: no MariaDB/MySQL server answers on ${MYSQL_HOST:-127.0.0.1}:${MYSQL_PORT:-3306} and none could be started here (/usr/sbin/mariadbd missing, or it did not come up: see /var/log/mysql/error.log)." >&2
    echo "test: install MariaDB (apt-get install mariadb-server) or set MYSQL_HOST/MYSQL_PORT to a server where user ${MYSQL_USER:-root} may create databases and users." >&2
    exit 1
  fi
fi
if ! my_ready; then
  echo "test: MariaDB answers on ${MYSQL_HOST:-127.0.0.1}:${MYSQL_PORT:-3306} but user ${MYSQL_USER:-root} cannot log in over TCP (set MYSQL_USER/MYSQL_PASSWORD, or give root a TCP login without a password on this test server)." >&2
  exit 1
fi

# Each test file runs in its own process; two at a time on this 2-core machine.
# `npm test -- test/x.test.ts ...` runs only those files; other arguments
# (--test-timeout=60000, --test-name-pattern=...) go to node before the files.
options=() files=()
for a in "$@"; do
  case "$a" in
    *.test.ts) files+=("$a") ;;
    *) options+=("$a") ;;
  esac
done
if [ ${#files[@]} -eq 0 ]; then mapfile -t files < <(find test -name '*.test.ts' | sort); fi
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "${options[@]}" "${files[@]}"
