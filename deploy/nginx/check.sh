#!/usr/bin/env bash
# Runs deploy/nginx/intelligent-center.conf with Debian's nginx on loopback in front of gunicorn
# (production settings) and checks it: HTTP → HTTPS, TLS, X-Forwarded-Proto reaching Django (no
# redirect loop under SECURE_SSL_REDIRECT), static files from disk, media only through the app's
# check (X-Accel-Redirect), the internal location closed, health over plain HTTP.
#   deploy/nginx/check.sh     (reads DATABASE_URL etc. from the environment or .env; ports 8155-8158)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
command -v nginx >/dev/null || { echo "nginx missing: apt-get install nginx-light"; exit 2; }
if [ -f .env ]; then
  while IFS='=' read -r key value; do
    case "$key" in '' | \#*) continue ;; esac
    [ -n "${!key+x}" ] || export "$key=$value"
  done < .env
fi
app_port=8155 http_port=8157 https_port=8158
media="${MEDIA_ROOT:-$root/media}"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; rm -f "$media/original_images/nginx-check.png"; }
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$work/site.key" -out "$work/site.crt" 2>/dev/null
sed -e "s#/srv/intelligent-center/media/#$media/#; s#/srv/intelligent-center#$root#" \
    -e "s#127.0.0.1:8000#127.0.0.1:$app_port#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#; s#listen 80;#listen 127.0.0.1:$http_port;#" \
    -e "/listen \[::\]/d" \
    -e "s#/etc/ssl/certs/intelligent-center.crt#$work/site.crt#; s#/etc/ssl/private/intelligent-center.key#$work/site.key#" \
    -e "s#server_name intelligent-center.example.ac.th;#server_name 127.0.0.1;#" \
    deploy/nginx/intelligent-center.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF

mkdir -p "$media/original_images"
printf '\x89PNG\r\n\x1a\nnginx-check' > "$media/original_images/nginx-check.png"
DJANGO_SETTINGS_MODULE=intelligent_center.settings.production ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=true TRUSTED_PROXY_COUNT=1 MEDIA_ACCEL_REDIRECT_PREFIX=/protected-media/ \
  PORT=$app_port WEB_CONCURRENCY=1 .venv/bin/gunicorn -c deploy/gunicorn.conf.py intelligent_center.wsgi \
  2> "$work/gunicorn.log" &
pids+=($!)
nginx -p "$work" -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/healthz" && break; sleep 1; done

failures=0
expect() {  # description, expected, actual
  if [ "$2" == "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected $2, got $3"; failures=$((failures + 1)); fi
}
https="https://127.0.0.1:$https_port"
get() { curl -sk -o /dev/null -w "$1" "${@:2}"; }
expect "HTTP redirects to HTTPS (port 443)" "301 https://127.0.0.1/f64-11/" "$(get '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/f64-11/")"
expect "health over plain HTTP" "200" "$(get '%{http_code}' "http://127.0.0.1:$http_port/healthz")"
expect "page over HTTPS (X-Forwarded-Proto: no redirect loop)" "200" "$(get '%{http_code}' "$https/f64-11/")"
expect "readiness over HTTPS" "200" "$(get '%{http_code}' "$https/readyz")"
css="$(ls "$root"/staticfiles/css/site.*.css | head -1 | xargs basename)"
expect "static file from disk, cached for a year" "200 public, immutable" \
  "$(curl -sk -D - -o /dev/null "$https/static/css/$css" | tr -d '\r' | awk '/^HTTP/{s=$2} /^[Cc]ache-[Cc]ontrol: public/{sub(/^[^:]*: /,""); c=$0} END{print s" "c}')"
expect "image sent by nginx after the app's check" "nginx-check" \
  "$(curl -sk "$https/media/original_images/nginx-check.png" | tail -c 11)"
expect "X-Accel-Redirect never reaches the client" "" \
  "$(curl -sk -D - -o /dev/null "$https/media/original_images/nginx-check.png" | grep -i x-accel || true)"
doc="$(ls "$media/documents" | grep '\.pdf$' | head -1)"
expect "documents are not under /media/" "404" "$(get '%{http_code}' "$https/media/documents/$doc")"
expect "the internal location is closed to clients" "404" "$(get '%{http_code}' "$https/protected-media/documents/$doc")"
if [ "$failures" -gt 0 ]; then echo "$failures nginx checks failed"; tail -n 20 "$work/error.log" "$work/gunicorn.log"; exit 1; fi
echo "all nginx checks passed"
