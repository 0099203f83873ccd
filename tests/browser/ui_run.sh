#!/usr/bin/env bash
# Issue 10: the admin web page end to end in Debian's headless Chromium (ui.js, playwright-core from this
# folder's package-lock.json). Starts salesync-sandbox (Salesforce and Marketo over HTTPS, the Salesforce consent
# page on) and salesyncd with both connections, a people sync that applies a mapping, and no SMTP server
# (invitations wait in the outbox), then lets the browser do the whole setup through /ui/: sign in, connect
# Salesforce through the consent page, connect Marketo, preview the mapping and start the sync, watch it
# finish, upload a CSV whose wrong column is fixed with the drop-down, invite, read the confirmation.
# Screenshots of every page go to SCREENSHOT_DIR.
# Usage: ui_run.sh PATH/TO/salesync-sandbox PATH/TO/salesyncd SCREENSHOT_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage="usage: ui_run.sh PATH/TO/salesync-sandbox PATH/TO/salesyncd SCREENSHOT_DIR"
sandbox=${1:?$usage}
salesyncd=${2:?$usage}
shots=${3:?$usage}

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
cleanup() {
  local p
  for p in "$daemon_pid" "${sandbox_pid:-}"; do
    if [ -n "$p" ]; then
      kill "$p" 2>/dev/null || true
      wait "$p" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

fail_with_logs() {
  echo "error: $*" >&2
  for f in daemon.stderr sandbox.stderr; do
    if [ -s "$work/$f" ]; then
      echo "--- $f (last 60 lines)" >&2
      tail -n 60 "$work/$f" >&2
    fi
  done
  exit 1
}

json() { node -e 'const j = JSON.parse(process.argv[1]); console.log(eval(process.argv[2]));' "$1" "$2"; }

# --- the sandbox: both providers over HTTPS, the Salesforce consent page shown (no auto-approve)
coproc SANDBOX { exec "$sandbox" --salesforce 127.0.0.1:0 --marketo 127.0.0.1:0 --tls-dir "$work/tls" --people 200 \
  2>"$work/sandbox.stderr"; }
sandbox_pid=$SANDBOX_PID
if ! read -r -t 60 line <&"${SANDBOX[0]}"; then
  fail_with_logs "salesync-sandbox printed no JSON line"
fi
ca_file=$(json "$line" 'j.ca_file')
control_key=$(json "$line" 'j.control_key')
json "$line" 'j.salesforce.client_secret' >"$work/salesforce.secret"
json "$line" 'j.marketo.client_secret' >"$work/marketo.secret"
chmod 600 "$work/salesforce.secret" "$work/marketo.secret"

cat >"$work/salesync.json" <<JSON
{
  "admin": {"listen": "127.0.0.1:0"},
  "store": {"synchronous": "normal"},
  "connections": {
    "salesforce": {
      "type": "salesforce", "flow": "authorization_code",
      "client_id": "$(json "$line" 'j.salesforce.client_id')",
      "client_secret": {"file": "$work/salesforce.secret"},
      "login_url": "$(json "$line" 'j.salesforce.login_url')",
      "scopes": ["api", "refresh_token"], "ca_file": "$ca_file"
    },
    "marketo": {
      "type": "marketo", "flow": "client_credentials",
      "client_id": "$(json "$line" 'j.marketo.client_id')",
      "client_secret": {"file": "$work/marketo.secret"},
      "identity_url": "$(json "$line" 'j.marketo.identity_url')",
      "base_url": "$(json "$line" 'j.marketo.base_url')", "ca_file": "$ca_file"
    }
  },
  "syncs": {
    "salesforce-people": {"connection": "salesforce", "streams": ["Lead", "Contact", "Account"],
                          "mapping": "salesforce-leads-to-marketo"}
  },
  "mappings": {
    "salesforce-leads-to-marketo": {
      "source": {"connection": "salesforce", "object": "Lead"},
      "target": {"connection": "marketo", "object": "lead"},
      "identity": ["Email"],
      "fields": [
        {"source": "Email", "target": "email", "transforms": ["trim", "lower"]},
        {"source": "FirstName", "target": "firstName", "transforms": ["trim"]},
        {"source": "LastName", "target": "lastName", "transforms": ["trim"]},
        {"source": "Company", "target": "company", "default": "Unknown"},
        {"source": "Title", "target": "title", "transforms": ["trim", {"truncate": {"max_chars": 12}}]}
      ]
    }
  }
}
JSON
"$salesyncd" --check-config "$work/salesync.json" >/dev/null 2>"$work/check.stderr" ||
  { cat "$work/check.stderr" >&2; fail "the test's configuration is invalid"; }
"$salesyncd" --config "$work/salesync.json" --state-dir "$work/state" 2>"$work/daemon.stderr" &
daemon_pid=$!
for _ in $(seq 600); do
  [ -f "$work/state/admin.url" ] && break
  kill -0 "$daemon_pid" 2>/dev/null || fail_with_logs "salesyncd exited during start-up"
  sleep 0.05
done
[ -f "$work/state/admin.url" ] || fail_with_logs "salesyncd wrote no admin.url within 30 s"
admin_url=$(head -n 1 "$work/state/admin.url")

# The connected app must know the daemon's callback (Setup > App Manager in a real org).
curl -sS --fail-with-body --cacert "$ca_file" -H "X-Sandbox-Key: $control_key" -H 'Content-Type: application/json' \
  -d "{\"redirect_uris\": [\"$admin_url/oauth/callback\"]}" "$(json "$line" 'j.salesforce.control_url')/settings" \
  >/dev/null || fail_with_logs "the sandbox refused the redirect URI"

# A CSV whose e-mail column has a header nobody could recognise, so the admin must map it by hand.
printf 'Given name;Family name;Reach me at\nAnn;Lee;ann.lee@example.com\nBo;Berg;bo.berg@example.com\nCy;Dahl;not-an-address\n' \
  >"$work/people.csv"

ca_spki=$(openssl x509 -in "$ca_file" -noout -pubkey | openssl pkey -pubin -outform DER |
  openssl dgst -sha256 -binary | base64)
mkdir -p "$work/home" "$shots"
if ! HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
  SALESYNC_ADMIN_TOKEN_FILE="$work/state/admin.token" \
  node "$here/ui.js" "$admin_url" "$ca_spki" "$work/people.csv" "$shots" "$work/profile"; then
  fail_with_logs "the admin web page scenario failed"
fi
echo "The admin web page works end to end; screenshots in $shots."
