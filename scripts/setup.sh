#!/usr/bin/env bash
# Quick start, command 1: install the dependencies, build the extension for Chrome and Firefox, make the store zips,
# and say where they are and how to load them. Command 2 is `npm test`.
# Works on a fresh machine with Node.js and npm only (no browser needed: `npm test` installs those it lacks when it
# runs as root on Debian, or says what to install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }
seconds_since() { echo $(( $(date +%s) - $1 )); }

step "Checking Node.js"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Node.js and npm are required (Node $(sed -n 's/.*"node": *"\([^"]*\)".*/\1/p' package.json)). Install Node.js 20.19 or newer, then run this again." >&2
  exit 1
fi
# package.json "engines" is the one statement of the supported range; compare against its lower bound.
node -e '
  const range = require("./package.json").engines.node;
  const m = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!m) { console.error(`setup.sh: cannot read engines.node "${range}" (expected ">=X.Y.Z")`); process.exit(1); }
  const want = m.slice(1).map(Number);
  const have = process.versions.node.split(".").map(Number);
  const cmp = have[0] - want[0] || have[1] - want[1] || have[2] - want[2];
  if (cmp < 0) {
    console.error(`Node.js ${process.versions.node} is too old: Reader Context needs Node ${range} (package.json engines). Install a newer Node.js and run this again.`);
    process.exit(1);
  }
  console.log(`Node.js ${process.versions.node} (needs ${range}), npm ${require("child_process").execSync("npm --version").toString().trim()}`);
  if (have[0] < 22) console.log("Note: wxt and vitest declare Node >= 22; they run on Node 20 (the EBADENGINE warnings npm gives about that are expected, and not shown here).");
'

# Each step's full output goes to a log, shown whole only if the step fails: a newcomer sees what tells them
# something.
log=$(mktemp -t reader-context-setup.XXXXXX)
trap 'rm -f "$log"' EXIT
quietly() {
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup.sh: '$*' failed (its output is above)" >&2
    exit 1
  fi
}

step "Installing dependencies (npm ci)"
t=$(date +%s)
quietly npm ci --no-audit --no-fund
# npm's warnings, except EBADENGINE on Node 20 (expected: see "Supported Node" in the README).
grep '^npm warn' "$log" | grep -v 'EBADENGINE' || true
echo "$(grep -Eo 'added [0-9]+ packages' "$log" | tail -1 || echo installed) in $(seconds_since "$t") s"

# wxt zip builds each target before zipping it, so this one step makes both the builds and the zips.
step "Building Chrome MV3, Firefox MV2 and Firefox MV3, and zipping them for the stores (npm run zip)"
quietly npm run zip
tail -n 1 "$log"

root=$(pwd)
cat <<MSG

Reader Context is built.

  Chrome / Chromium (MV3):  $root/.output/chrome-mv3
  Firefox (MV2):            $root/.output/firefox-mv2
  Firefox (MV3):            $root/.output/firefox-mv3
  Store zips:
$(ls -1 .output/*.zip 2>/dev/null | sed "s|^|    $root/|")

Load it in Chrome, Chromium, Edge or Brave:
  1. Open chrome://extensions
  2. Turn on "Developer mode" (top right)
  3. "Load unpacked" and pick the folder $root/.output/chrome-mv3

Load it in Firefox (until Firefox restarts):
  1. Open about:debugging#/runtime/this-firefox
  2. "Load Temporary Add-on…"
  3. Pick $root/.output/firefox-mv2/manifest.json (or firefox-mv3/manifest.json)

Next: run all the tests with   npm test
MSG
