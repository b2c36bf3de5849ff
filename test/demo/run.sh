#!/usr/bin/env bash
# test/demo/run.sh -- `make demo`: the seed's blog application on SQLite via
# the sqlite3 shell, in a fresh in-memory database.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec sqlite3 -bail -cmd '.load ./orm' :memory: < test/demo/blog.sql
