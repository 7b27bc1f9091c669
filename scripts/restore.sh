#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database, and its files into an empty MEDIA_ROOT.
#
#   DATABASE_URL=postgres://ccn@127.0.0.1:5432/ccn_restore scripts/restore.sh ccn-DATE.dump [ccn-media-DATE.tar.gz]
#
# The database named by DATABASE_URL is created here and must not exist (a restore never overwrites data);
# MEDIA_ROOT (default: var/media) must be empty or absent. Then run `manage.py migrate` (a backup of an older
# release) and point the application at them. Connects to the server's "postgres" database to create it.
set -euo pipefail
cd "$(dirname "$0")/.."

dump="${1:?usage: restore.sh DUMP [MEDIA_ARCHIVE]}"
archive="${2:-}"
: "${DATABASE_URL:?DATABASE_URL must name the new database}"
media="${MEDIA_ROOT:-var/media}"

# The database's name, and the same server's maintenance database, from the URL.
read -r name maintenance < <(python3 - "$DATABASE_URL" <<'PY'
import sys
from urllib.parse import unquote, urlsplit

url = urlsplit(sys.argv[1])
if url.scheme not in ("postgres", "postgresql"):
    sys.exit("restore.sh: DATABASE_URL is not PostgreSQL")
print(unquote(url.path.lstrip("/")), url._replace(path="/postgres").geturl())
PY
)
if ! [[ "$name" =~ ^[A-Za-z0-9_]+$ ]]; then
  echo "restore.sh: database name '$name' must be letters, digits and _" >&2
  exit 2
fi
if [ -n "$archive" ] && [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "restore.sh: $media is not empty; restore the files into an empty folder" >&2
  exit 2
fi

psql "$maintenance" --quiet -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\""
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$dump"
echo "restore.sh: database $name restored from $dump"
if [ -n "$archive" ]; then
  mkdir -p "$media"
  tar -C "$media" -xzf "$archive"
  echo "restore.sh: files restored into $media from $archive"
fi
