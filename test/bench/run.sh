#!/usr/bin/env bash
# test/bench/run.sh -- `make bench`: benchmarks, as ratios against hand-written SQL
# and SQLAlchemy (Debian's python3-sqlalchemy) in the same run.  Not part of check.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import sqlalchemy' 2>/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y -q python3-sqlalchemy >/dev/null
	else
		echo "bench: python3-sqlalchemy is not installed; SQLAlchemy column will be nan" >&2
	fi
fi
/usr/bin/python3 test/bench/bench_sqlite.py
