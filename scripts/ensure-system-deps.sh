#!/usr/bin/env bash
# `npm test` needs two programs from Debian: redis-server (the cache tests run against a real Redis) and chromium
# (GraphiQL is proven in a real browser). Installs whichever is missing when it can (root + apt-get); otherwise
# says what to install and fails: the tests never skip.
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} for the test suite" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "npm test needs ${missing[*]}: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
