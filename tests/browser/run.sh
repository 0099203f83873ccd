#!/usr/bin/env bash
# Issue 4: the OAuth browser flow end to end, as a person does it. Starts salesync-sandbox (Salesforce over
# HTTPS, consent page on: no auto-approve) and salesyncd with one authorization_code connection to it, runs
# `salesyncctl connect`, and lets Debian's headless Chromium (connect.js, playwright-core from this folder's
# package-lock.json) open the printed URL and click the consent page's buttons:
#   1. Deny:  the callback page explains access was declined, connect exits 1, the connection stays
#             not_connected.
#   2. Allow: the callback page says Connected, connect exits 0, `connections --json` shows connected and
#             `connection test` makes a real API call with the new token.
# Usage: run.sh PATH/TO/salesync-sandbox PATH/TO/salesyncd PATH/TO/salesyncctl
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage="usage: run.sh PATH/TO/salesync-sandbox PATH/TO/salesyncd PATH/TO/salesyncctl"
sandbox=${1:?$usage}
salesyncd=${2:?$usage}
salesyncctl=${3:?$usage}
connection=sf

fail() {
  echo "error: $*" >&2
  exit 1
}
command -v node >/dev/null || fail "node is missing (scripts/lib/common.sh installs nodejs and npm)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing (scripts/lib/common.sh installs Debian's chromium)"
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  # playwright-core downloads no browser; the variable makes sure nothing tries to.
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d)
daemon_pid=""
ctl_pid=""
cleanup() {
  local p
  for p in "$ctl_pid" "$daemon_pid" "${sandbox_pid:-}"; do
    if [ -n "$p" ]; then
      kill "$p" 2>/dev/null || true
      wait "$p" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Prints the daemon's and the sandbox's logs, then fails.
fail_with_logs() {
  echo "error: $*" >&2
  for f in daemon.stderr sandbox.stderr; do
    if [ -s "$work/$f" ]; then
      echo "--- $f (last 40 lines)" >&2
      tail -n 40 "$work/$f" >&2
    fi
  done
  exit 1
}

# json FILE_OR_STRING EXPR: evaluates EXPR on the parsed JSON `j` with node (no jq on the machine).
json() { node -e 'const j = JSON.parse(process.argv[1]); console.log(eval(process.argv[2]));' "$1" "$2"; }

# --- the sandbox: Salesforce over HTTPS, with its consent page
coproc SANDBOX { exec "$sandbox" --salesforce 127.0.0.1:0 --tls-dir "$work/tls" --people 100 2>"$work/sandbox.stderr"; }
sandbox_pid=$SANDBOX_PID
if ! read -r -t 60 line <&"${SANDBOX[0]}"; then
  fail_with_logs "salesync-sandbox printed no JSON line"
fi
[ "$(json "$line" 'j.salesforce.auto_approve')" = false ] || fail "the sandbox auto-approves; the consent page would not show"
login_url=$(json "$line" 'j.salesforce.login_url')
control_url=$(json "$line" 'j.salesforce.control_url')
control_key=$(json "$line" 'j.control_key')
ca_file=$(json "$line" 'j.ca_file')
json "$line" 'j.salesforce.client_secret' >"$work/client_secret"
chmod 600 "$work/client_secret"

# --- the daemon, with one browser-flow connection to the sandbox
cat >"$work/salesync.json" <<EOF
{
  "admin": {"listen": "127.0.0.1:0"},
  "store": {"synchronous": "normal"},
  "connections": {
    "$connection": {
      "type": "salesforce",
      "flow": "authorization_code",
      "client_id": "$(json "$line" 'j.salesforce.client_id')",
      "client_secret": {"file": "$work/client_secret"},
      "login_url": "$login_url",
      "scopes": ["api", "refresh_token"],
      "ca_file": "$ca_file"
    }
  }
}
EOF
"$salesyncd" --config "$work/salesync.json" --state-dir "$work/state" --listen 127.0.0.1:0 \
  2>"$work/daemon.stderr" &
daemon_pid=$!
# admin.url is written atomically once the admin API listens. Bounded wait: 600 x 50 ms.
for _ in $(seq 600); do
  [ -f "$work/state/admin.url" ] && break
  kill -0 "$daemon_pid" 2>/dev/null || fail_with_logs "salesyncd exited during start-up"
  sleep 0.05
done
[ -f "$work/state/admin.url" ] || fail_with_logs "salesyncd wrote no admin.url within 30 s"
callback_url="$(head -n 1 "$work/state/admin.url")/oauth/callback"

# Register the daemon's callback as the connected app's redirect URI. It cannot be passed at sandbox start:
# the daemon's port is chosen after the sandbox's URLs went into its configuration.
curl -sS --fail-with-body --cacert "$ca_file" -H "X-Sandbox-Key: $control_key" -H 'Content-Type: application/json' \
  -d "{\"redirect_uris\": [\"$callback_url\"]}" "$control_url/settings" >/dev/null ||
  fail_with_logs "the sandbox refused the redirect URI $callback_url"

# Chromium is told the sandbox CA by its public key (see connect.js).
ca_spki=$(openssl x509 -in "$ca_file" -noout -pubkey | openssl pkey -pubin -outform DER |
  openssl dgst -sha256 -binary | base64)
mkdir -p "$work/home"

ctl() { "$salesyncctl" --state-dir "$work/state" "$@"; }

# connection_state: the connection's state as `salesyncctl connections --json` reports it.
connection_state() {
  local list
  list=$(ctl connections --json) || fail_with_logs "salesyncctl connections failed"
  json "$list" "j.find((c) => c.name === '$connection').state"
}

# sign_in allow|deny: runs `salesyncctl connect` in the background, reads the authorize URL it prints,
# lets the browser answer the consent page, then waits for connect to exit. Sets connect_rc.
sign_in() {
  local decision=$1 fifo="$work/connect-$1.fifo" start url fd
  mkfifo "$fifo"
  # Not through ctl(): $! must be salesyncctl itself so that cleanup can stop it.
  "$salesyncctl" --state-dir "$work/state" --json connect "$connection" --timeout 120 \
    >"$fifo" 2>"$work/connect-$decision.stderr" &
  ctl_pid=$!
  exec {fd}<"$fifo"
  if ! read -r -t 30 start <&"$fd"; then
    cat "$work/connect-$decision.stderr" >&2
    fail_with_logs "salesyncctl connect printed no authorize URL"
  fi
  url=$(json "$start" 'j.authorize_url')
  [ "$(json "$start" 'j.redirect_uri')" = "$callback_url" ] ||
    fail "salesyncctl connect names the redirect URI $(json "$start" 'j.redirect_uri'), expected $callback_url"
  echo "==> $decision: $url"
  if ! HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
    node "$here/connect.js" "$decision" "$url" "$callback_url" "$ca_spki" "$connection"; then
    fail_with_logs "the browser scenario '$decision' failed"
  fi
  connect_rc=0
  wait "$ctl_pid" || connect_rc=$?
  ctl_pid=""
  cat <&"$fd" >"$work/connect-$decision.stdout"
  exec {fd}<&-
}

# --- 1. Deny
sign_in deny
if [ "$connect_rc" -ne 1 ]; then
  cat "$work/connect-deny.stderr" >&2
  fail "after Deny, salesyncctl connect exited $connect_rc, expected 1 (the sign-in failed)"
fi
grep -q 'declined access' "$work/connect-deny.stderr" ||
  fail "after Deny, salesyncctl connect did not say access was declined: $(cat "$work/connect-deny.stderr")"
echo "ok: salesyncctl connect exits 1 and says: $(cat "$work/connect-deny.stderr")"
state=$(connection_state)
[ "$state" = not_connected ] || fail_with_logs "after Deny the connection is '$state', expected not_connected"
echo "ok: after Deny the connection is not_connected"

# --- 2. Allow
sign_in allow
if [ "$connect_rc" -ne 0 ]; then
  cat "$work/connect-allow.stderr" >&2
  fail_with_logs "after Allow, salesyncctl connect exited $connect_rc, expected 0"
fi
grep -q "Connected $connection\." "$work/connect-allow.stdout" ||
  fail "after Allow, salesyncctl connect did not print 'Connected $connection.': $(cat "$work/connect-allow.stdout")"
echo "ok: salesyncctl connect exits 0: $(tail -n 1 "$work/connect-allow.stdout")"
state=$(connection_state)
[ "$state" = connected ] || fail_with_logs "after Allow the connection is '$state', expected connected"
echo "ok: salesyncctl connections --json shows $connection connected"
# The token the browser flow obtained works for a real API call.
test_out=$(ctl connection test "$connection") || fail_with_logs "salesyncctl connection test $connection failed: $test_out"
echo "ok: $test_out"
echo "The browser sign-in works: Deny is explained and changes nothing, Allow connects."
