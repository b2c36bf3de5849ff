#!/usr/bin/env bash
# test/scale/run.sh -- `make scaletest`: orm where one server is not enough
# (README "Scaling out").  Starts, on loopback only, with private sockets and
# ports, and stops and removes at the end whatever happens:
#
#   primary      port P     the blog (test/scale/blog_scale.py: posts
#                           partitioned by created_at, local partitions):
#                           the one-server baseline
#   standby      port P+1   a hot standby of the primary (pg_basebackup -R)
#   coordinator  port P+2   the same blog, posts' partitions foreign tables
#   shard1       port P+3   (postgres_fdw) on the two shards
#   shard2       port P+4
#
# then runs test/scale/scale.py (the blog's writes and reads through each
# setup, checked against each other and against what they must be; the
# replica's reads and refused writes; the R1 read timed on the sharded setup
# against one server) and test/scale/sqlite_writers.py (several processes
# writing one SQLite WAL file while others read).
#
#   test/scale/run.sh            (make scaletest; the extension installed)
#
# Environment: PG_CONFIG (the PostgreSQL whose extension is installed),
# ORM_SCALE_PORT (P, default 54360), SCALE_USERS (the R1 knob: users of
# 10 posts each, default 300), SCALE_SECONDS (the SQLite test's length per
# phase, default 3).  Needs Debian's python3 with psycopg2 (python3-psycopg2)
# and sqlite3's load_extension.  Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir)
port=${ORM_SCALE_PORT:-54360}
python=${ORM_PYTHON:-/usr/bin/python3}

if [ "$(id -u)" = 0 ]; then
	owner=postgres
	as_owner() { runuser -u postgres -- "$@"; }
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

tmp=$(mktemp -d /tmp/orm_scale.XXXXXX)
chmod 755 "$tmp"
chown "$owner" "$tmp"
started=()

cleanup() {
	local i
	for ((i = ${#started[@]} - 1; i >= 0; i--)); do
		as_owner "$bindir/pg_ctl" -D "$tmp/${started[$i]}" -m fast -w stop >/dev/null 2>&1 || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME PORT: a cluster in $tmp/NAME, its socket in $tmp/NAME.sock
start() {
	local name=$1 p=$2
	as_owner mkdir -m 700 "$tmp/$name.sock"
	if [ ! -d "$tmp/$name" ]; then
		as_owner "$bindir/initdb" -D "$tmp/$name" -U "$owner" -A trust -E UTF8 --locale=C \
			--no-sync >"$tmp/$name.initdb.log" 2>&1 || { cat "$tmp/$name.initdb.log"; exit 1; }
	fi
	started+=("$name")
	as_owner "$bindir/pg_ctl" -D "$tmp/$name" -l "$tmp/$name.log" -w -o \
		"-p $p -k $tmp/$name.sock -c listen_addresses=127.0.0.1 -c fsync=off \
		 -c shared_buffers=32MB -c max_connections=40 -c max_wal_senders=4" \
		start >/dev/null || { cat "$tmp/$name.log"; exit 1; }
}

start primary "$port"
# the standby: a base backup of the primary, streaming from it (-R writes
# primary_conninfo and standby.signal)
as_owner "$bindir/pg_basebackup" -h "$tmp/primary.sock" -p "$port" -U "$owner" \
	-D "$tmp/standby" -R -X stream >"$tmp/basebackup.log" 2>&1 || { cat "$tmp/basebackup.log"; exit 1; }
start standby $((port + 1))
start coordinator $((port + 2))
start shard1 $((port + 3))
start shard2 $((port + 4))

status=0
export ORM_SCALE_TMP=$tmp ORM_SCALE_PORT=$port ORM_SCALE_USER=$owner
"$python" test/scale/scale.py | tee "$tmp/scale.out" || status=1
"$python" test/scale/sqlite_writers.py "$root/orm" "$tmp/writers" | tee -a "$tmp/scale.out" || status=1
sed -n 's/.*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' "$tmp/scale.out" |
	awk '{p += $1; f += $2} END {printf "scaletest: %d passed, %d failed\n", p, f}'
exit $status
