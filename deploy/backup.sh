#!/usr/bin/env bash
# Back up the Intelligent Center: the PostgreSQL database (custom format: pages, revisions, search
# index, task queue, users) and the local media folder (documents, images, simulator packages).
#   deploy/backup.sh /backups/2026-12-06        (reads DATABASE_URL and MEDIA_ROOT, or .env)
# On S3 the files are not copied here: keep bucket versioning on, or `aws s3 sync` the bucket.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:?usage: deploy/backup.sh DESTINATION_FOLDER}"
# .env fills in what the environment does not set (the environment wins).
if [ -f .env ]; then
  while IFS='=' read -r key value; do
    case "$key" in '' | \#*) continue ;; esac
    [ -n "${!key+x}" ] || export "$key=$value"
  done < .env
fi
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
media="${MEDIA_ROOT:-$PWD/media}"
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file="$dest/database.dump" "$DATABASE_URL"
if [ -z "${AWS_STORAGE_BUCKET_NAME:-}" ] && [ -d "$media" ]; then
  tar --create --gzip --file="$dest/media.tar.gz" --directory="$media" .
fi
echo "backed up to $dest: $(ls "$dest" | tr '\n' ' ')"
