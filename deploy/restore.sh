#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the (empty or existing) database at DATABASE_URL
# and the media folder MEDIA_ROOT, then bring the schema up to this code and start the caches afresh.
#   deploy/restore.sh /backups/2026-12-06       (reads DATABASE_URL and MEDIA_ROOT, or .env)
# With Elasticsearch, rebuild its index afterwards: manage.py search_index rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
src="${1:?usage: deploy/restore.sh BACKUP_FOLDER}"
# .env fills in what the environment does not set (the environment wins).
if [ -f .env ]; then
  while IFS='=' read -r key value; do
    case "$key" in '' | \#*) continue ;; esac
    [ -n "${!key+x}" ] || export "$key=$value"
  done < .env
fi
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
media="${MEDIA_ROOT:-$PWD/media}"
python="${PYTHON:-.venv/bin/python}"
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --dbname="$DATABASE_URL" "$src/database.dump"
if [ -f "$src/media.tar.gz" ]; then
  mkdir -p "$media"
  tar --extract --gzip --file="$src/media.tar.gz" --directory="$media"
fi
"$python" manage.py createcachetable  # first: migrations save pages, which clears the page cache
"$python" manage.py migrate --noinput
"$python" manage.py shell -c "from intelligent_center.page_cache import page_cache_clear; page_cache_clear()"
echo "restored $src into ${DATABASE_URL##*/} (media: $media)"
