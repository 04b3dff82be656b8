#!/usr/bin/env bash
# `make bench`: load the national-scale dataset into PostgreSQL, serve it with granian (WSGI,
# DEBUG off) on loopback, and time the main pages against a minimal floor page.
# Run it under tools/with_postgres.sh, which exports DATABASE_URL for a throwaway PostgreSQL 15.
#   BENCH_PEOPLE   people to seed (default 250000, the national scale; e.g. 2500 for a quick run)
#   BENCH_STORIES  stories to seed (default 200000; e.g. 2000 for a quick run)
#   BENCH_POSTS    conversation posts to seed (default 2000000; e.g. 50000 for a quick run)
#   BENCH_SQLITE_PEOPLE  people in the SQLite search benchmark's dataset (default 25000: 500
#                  communities, enough to spread the posts as at national scale)
#   BENCH_PORT     loopback port for the server (default 8099)
#   BENCH_REQUESTS timed requests per page (default 200, after 20 warm-up requests)
#   BENCH_PRODUCTS products to seed (default: one for every five people, 50000 at national scale)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run this under tools/with_postgres.sh (make bench does)}"
case "$DATABASE_URL" in postgres*) ;; *) echo "bench needs PostgreSQL" >&2; exit 2 ;; esac

PEOPLE=${BENCH_PEOPLE:-250000}
PORT=${BENCH_PORT:-8099}
PY=.venv/bin/python

# Production-like settings (DEBUG off), over plain http on loopback.
export DEBUG=0
export GROUNDSWELL_DEMO=1 # the demo app carries seed_scale and the floor page
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-not-for-any-real-deployment-0123456789}
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0
export SECURE_HSTS_SECONDS=0
export GROUNDSWELL_VAR_DIR=${GROUNDSWELL_VAR_DIR:-var/bench}
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
mkdir -p var "$GROUNDSWELL_VAR_DIR"

$PY manage.py migrate --noinput -v0
start=$(date +%s%N)
$PY manage.py seed_scale --people "$PEOPLE"
$PY manage.py seed_scale_stories --stories "${BENCH_STORIES:-200000}"
seed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
POSTS=${BENCH_POSTS:-2000000}
start=$(date +%s%N)
$PY manage.py seed_scale_posts --posts "$POSTS"
posts_seed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

.venv/bin/granian --interface wsgi --host 127.0.0.1 --port "$PORT" --workers 2 --blocking-threads 1 \
  --log-level warning groundswell.wsgi:application &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

$PY tools/bench.py --base "http://127.0.0.1:$PORT" --people "$PEOPLE" --seed-ms "$seed_ms" \
  --requests "${BENCH_REQUESTS:-200}" --posts-seed-ms "$posts_seed_ms" ${BENCH_PRODUCTS:+--products "$BENCH_PRODUCTS"} --out var/bench-results.md

# The brief to the centre: PDF, HTML and CSV for a synthesis of 40 themes (rolled back afterwards).
$PY tools/bench_brief.py --out var/bench-brief.md

# Synthesis of BENCH_INSIGHTS insights (default 5,000), both methods when the semantic extra is
# installed, with the labelled-set scores. Pure Python: no server or database involved.
$PY tools/bench_synthesis.py --insights "${BENCH_INSIGHTS:-5000}" --out var/bench-synthesis.md

# Conversation search on SQLite (FTS5), on the same number of posts, in a database of its own.
sqlite_db="$GROUNDSWELL_VAR_DIR/search-bench.sqlite3"
rm -f "$sqlite_db" "$sqlite_db-wal" "$sqlite_db-shm"
DATABASE_URL="sqlite:///$(realpath "$GROUNDSWELL_VAR_DIR")/search-bench.sqlite3" $PY tools/bench_search.py \
  --people "${BENCH_SQLITE_PEOPLE:-25000}" --posts "$POSTS" --out var/bench-search-sqlite.md
