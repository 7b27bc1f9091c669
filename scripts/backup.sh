#!/usr/bin/env bash
# Back up the application: the PostgreSQL database named by DATABASE_URL (pg_dump's custom format, which
# pg_restore reads) and the uploaded files under MEDIA_ROOT (a gzipped tar), both dated, into one folder.
#
#   scripts/backup.sh [FOLDER]        # default: $BACKUP_DIR, else /var/backups/ccn
#
# Reads DATABASE_URL, MEDIA_ROOT (default: var/media of the checkout) and STORAGE_BACKEND from the environment
# (e.g. `set -a; . /etc/ccn/env; set +a` first). With STORAGE_BACKEND=s3 the files live in the bucket: keep them
# with the bucket's versioning or replication; this script then backs up the database only.
# The database is dumped first, then the files: a file uploaded in between is in the archive without its row
# (clean_orphan_files lists it after a restore); nothing the dump names is missing, unless deleted in between.
# Prints the paths it wrote, one a line. deploy/ccn-backup.timer runs it nightly; scripts/restore.sh restores.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) echo "backup.sh: DATABASE_URL is not PostgreSQL" >&2; exit 2 ;; esac
folder="${1:-${BACKUP_DIR:-/var/backups/ccn}}"
media="${MEDIA_ROOT:-var/media}"
stamp="$(date +%Y-%m-%d_%H%M%S)"
mkdir -p "$folder"
umask 077 # the dump holds every account's data: readable by the backup's owner only

dump="$folder/ccn-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$dump.part" "$DATABASE_URL"
mv "$dump.part" "$dump"
echo "$dump"

if [ "${STORAGE_BACKEND:-filesystem}" = "s3" ]; then
  echo "backup.sh: STORAGE_BACKEND=s3, the files are in the bucket (not archived here)" >&2
elif [ -d "$media" ]; then
  archive="$folder/ccn-media-$stamp.tar.gz"
  tar -C "$media" -czf "$archive.part" .
  mv "$archive.part" "$archive"
  echo "$archive"
else
  echo "backup.sh: no folder $media: no uploaded files to archive" >&2
fi
