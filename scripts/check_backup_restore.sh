#!/usr/bin/env bash
# Test the backup-and-restore procedure once, end to end, on the database named by DATABASE_URL:
#   1. measure its figures (scripts/backup_figures.py: tasks, clusters, the dashboard's counts, the register's
#      area, history records, stored files named and present);
#   2. back it up (scripts/backup.sh: pg_dump -Fc, tar of MEDIA_ROOT) into a temporary folder;
#   3. restore it (scripts/restore.sh) into a new database and a new media folder;
#   4. start the application on the copy: no migration missing, gunicorn answers /healthz;
#   5. measure the copy's figures and compare: exit 1 on any difference.
# The copy and the temporary folder are removed at the end (KEEP=1 keeps them).
#
#   set -a; . /etc/ccn/env; set +a; scripts/check_backup_restore.sh
#
# Needs pg_dump, pg_restore, psql of the server's major version, and a role that may create databases.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must name the database to check}"
PY="${PYTHON:-.venv/bin/python}"
source_media="${MEDIA_ROOT:-var/media}"
work="$(mktemp -d)"
copy_name="ccn_restore_check_$(date +%Y%m%d_%H%M%S)_$$"
read -r copy_url maintenance < <("$PY" - "$DATABASE_URL" "$copy_name" <<'PY'
import sys
from urllib.parse import urlsplit

url = urlsplit(sys.argv[1])
print(url._replace(path="/" + sys.argv[2]).geturl(), url._replace(path="/postgres").geturl())
PY
)
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = "1" ]; then
    echo "KEEP=1: kept the copy $copy_url and $work"
  else
    psql "$maintenance" --quiet -c "DROP DATABASE IF EXISTS \"$copy_name\" WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# The checks run the application with this environment minus any shared cache (they must not touch the live
# one), with DEBUG's throwaway key only if no SECRET_KEY is set.
app() {
  env -u REDIS_URL -u CACHE_URL DEBUG="${DEBUG:-$([ -n "${SECRET_KEY:-}" ] && echo false || echo true)}" "$@"
}
# In the background: the subshell becomes the program (exec), so $! is its pid and the cleanup stops it (a
# plain function call left gunicorn running after its database was dropped).
app_exec() {
  exec env -u REDIS_URL -u CACHE_URL DEBUG="${DEBUG:-$([ -n "${SECRET_KEY:-}" ] && echo false || echo true)}" "$@"
}
figures() { # DATABASE_URL MEDIA_ROOT
  DATABASE_URL="$1" MEDIA_ROOT="$2" app "$PY" manage.py shell --no-imports -c "$(cat scripts/backup_figures.py)" |
    grep -P '\t'
}

echo "== 1. figures of the source"
figures "$DATABASE_URL" "$source_media" >"$work/source.tsv"
echo "   $(wc -l <"$work/source.tsv") figures"

echo "== 2. backup"
mkdir -p "$work/backup"
mapfile -t written < <(scripts/backup.sh "$work/backup")
printf '   %s (%s)\n' "${written[0]}" "$(du -h "${written[0]}" | cut -f1)"
[ "${#written[@]}" -gt 1 ] && printf '   %s (%s)\n' "${written[1]}" "$(du -h "${written[1]}" | cut -f1)"

echo "== 3. restore into a new database: $copy_name"
DATABASE_URL="$copy_url" MEDIA_ROOT="$work/media" scripts/restore.sh "${written[@]}" | sed 's/^/   /'

echo "== 4. the application starts on the copy"
DATABASE_URL="$copy_url" MEDIA_ROOT="$work/media" app "$PY" manage.py migrate --check >/dev/null
echo "   no migration missing"
port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DATABASE_URL="$copy_url" MEDIA_ROOT="$work/media" ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false \
  app_exec "$(dirname "$PY")/gunicorn" config.wsgi -b "127.0.0.1:$port" -w 1 >"$work/gunicorn.log" 2>&1 &
server_pid=$!
health=""
for _ in $(seq 1 100); do
  health="$(curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null)" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$health" ]; then
  echo "   gunicorn did not answer /healthz:" >&2
  cat "$work/gunicorn.log" >&2
  exit 1
fi
echo "   gunicorn on the copy: /healthz $health"

echo "== 5. figures of the copy, compared"
figures "$copy_url" "$work/media" >"$work/copy.tsv"
status=0
printf '   %-28s %12s %12s\n' figure source copy
while IFS=$'\t' read -r name source copy; do
  mark=""
  if [ "$source" != "$copy" ]; then mark="  <-- differs"; status=1; fi
  printf '   %-28s %12s %12s%s\n' "$name" "$source" "$copy" "$mark"
done < <(LC_ALL=C join -t $'\t' -a 1 -a 2 -e '(none)' -o 0,1.2,2.2 "$work/source.tsv" "$work/copy.tsv")
if [ "$status" -eq 0 ]; then
  echo "OK: the restored copy starts and shows the same figures."
else
  echo "DIFFERENT: the restored copy does not show the source's figures." >&2
fi
exit "$status"
