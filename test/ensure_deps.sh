#!/usr/bin/env bash
# test/ensure_deps.sh -- installs what `make check` / `make demo` need on a
# fresh Debian 12, only when something is missing (checked with dpkg -s).
#
#   test/ensure_deps.sh         what check and demo need
#   test/ensure_deps.sh fuzz    what `make fuzz` needs besides: clang with its
#                               libFuzzer and sanitizer runtimes, python3
#                               (test/fuzz/corpus.py)
#   test/ensure_deps.sh scale   what `make scaletest` needs besides: python3
#                               with psycopg2 (test/scale/*.py; postgres_fdw
#                               comes with postgresql-15)
set -euo pipefail
case "${1:-check}" in
	check) pkgs=(postgresql-15 postgresql-server-dev-15 libsqlite3-dev sqlite3 gcc make
		python3 python3-psycopg2) ;;
	fuzz) pkgs=(clang libclang-rt-14-dev libsqlite3-dev python3 make) ;;
	scale) pkgs=(python3 python3-psycopg2) ;;
	*) echo "usage: test/ensure_deps.sh [check|fuzz|scale]" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "missing packages: ${missing[*]} (run as root to install them)" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${missing[@]}"
