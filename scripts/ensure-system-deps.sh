#!/usr/bin/env bash
# Installs the Debian programs a command needs, whichever are missing, when it can (root + apt-get); otherwise
# says what to install and fails. Without arguments: what `npm test` needs, redis-server (the cache tests run
# against a real Redis), chromium (GraphiQL is proven in a real browser) and wrk (the bench's load generator is
# proven to send real clients' requests as they are); the tests never skip.
# `npm run bench` asks for wrk, its load generator (it falls back to autocannon when wrk cannot be had).
set -euo pipefail
programs=("$@")
[ ${#programs[@]} -eq 0 ] && programs=(redis-server chromium wrk)
missing=()
for program in "${programs[@]}"; do
  case "$program" in
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    *) command -v "$program" >/dev/null || missing+=("$program") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "needs ${missing[*]}: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
