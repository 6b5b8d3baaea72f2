#!/usr/bin/env bash
# The conformance suite in one command: bash tests/run.sh [node --test args…]
#
# Sets up what it needs when missing (Debian chromium, libxml2-utils, unzip;
# npm deps with `npm ci`; the Ralph LRS in a Python venv), starts browser
# mode from a fresh clone as the README says (fresh-clone/), builds the CLI,
# publishes every example × target into a temp dir, then runs every browser
# suite under tests/ with node's test runner. The suites start their own
# servers (static, LMS, Ralph) on 127.0.0.1 with random free ports and stop
# them by PID. Exits non-zero on any failure.
#
# Environment: CARGO_TARGET_DIR (default /var/tmp/trellis-target),
# TRELLIS_VENV (default /var/tmp/trellis-venv), CHROMIUM (/usr/bin/chromium).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/trellis-target}"
export TRELLIS_VENV="${TRELLIS_VENV:-/var/tmp/trellis-venv}"
start=$(date +%s)
say() { printf '== %s\n' "$*"; }

# 1. System packages (skipped when present, so repeated runs cost nothing).
missing=()
command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1 || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. npm dependencies (one project for every browser suite in tests/).
if [ ! -d "$here/node_modules/playwright-core" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  say "npm ci"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 2b. The editor UI, built fresh so the editor suite never tests a stale build.
if [ ! -d "$repo/ui/node_modules/vite" ] || [ "$repo/ui/package-lock.json" -nt "$repo/ui/node_modules/.package-lock.json" ]; then
  say "npm ci (ui)"
  (cd "$repo/ui" && npm ci --no-audit --no-fund --loglevel=error)
fi
say "building the UI"
(cd "$repo/ui" && npm run --silent build >/dev/null)

# 3. The Ralph LRS.
if [ ! -x "$TRELLIS_VENV/bin/ralph" ] || ! "$TRELLIS_VENV/bin/python" -c 'import ralph.backends.lrs.fs, fastapi, uvicorn, requests' 2>/dev/null; then
  say "creating the Ralph venv in $TRELLIS_VENV"
  python3 -m venv "$TRELLIS_VENV"
  "$TRELLIS_VENV/bin/pip" install -q --disable-pip-version-check 'ralph-malph[lrs,cli]' requests
fi
# translate-toolkit: the second XLIFF reader of translation/tools.test.mjs.
if ! "$TRELLIS_VENV/bin/python" -c 'import translate.storage.xliff2, translate.filters.checks' 2>/dev/null; then
  say "installing translate-toolkit in $TRELLIS_VENV"
  "$TRELLIS_VENV/bin/pip" install -q --disable-pip-version-check translate-toolkit
fi

# 3b. Browser mode from a fresh clone, as the README says (its own target
#     folder beside CARGO_TARGET_DIR; see the test file).
say "browser mode from a fresh clone"
(cd "$here" && node --test --test-reporter=spec fresh-clone/*.test.mjs)

# 4. The CLI, and every example × target published (zipped, then unzipped as an LMS would).
say "building trellis-cli and the player suites' site renderer"
(cd "$repo" && cargo build -q -p trellis-cli)
# The player suites run this example in a \`before\` hook, under the test
# timeout; built here, with its own feature set, it is never compiled there.
(cd "$repo" && cargo build -q -p trellis-render --example render-site)
export TRELLIS_CLI="$CARGO_TARGET_DIR/debug/trellis"
export TRELLIS_BIN="$TRELLIS_CLI"
work="$(mktemp -d "${TMPDIR:-/tmp}/trellis-conformance.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
export TRELLIS_PACKAGES="$work/packages"
mkdir -p "$TRELLIS_PACKAGES"
say "publishing examples"
for ex in "$repo"/examples/*/; do
  ex="$(basename "$ex")"
  for t in scorm12 scorm2004 cmi5 xapi web; do
    "$TRELLIS_CLI" publish "$repo/examples/$ex" --target "$t" -o "$TRELLIS_PACKAGES/$ex.$t.zip" >"$work/publish-$ex-$t.log" 2>&1 \
      || { cat "$work/publish-$ex-$t.log"; echo "publish $ex --target $t failed"; exit 1; }
    unzip -q -o "$TRELLIS_PACKAGES/$ex.$t.zip" -d "$TRELLIS_PACKAGES/$ex.$t"
  done
done

# 4b. The phishing example translated into French by OmegaT (the translation
#     suites' round trip), published with --lang fr for every target: the
#     suites run it like the examples (conformance/lib/env.mjs, TRANSLATED).
command -v omegat >/dev/null 2>&1 && command -v xvfb-run >/dev/null 2>&1 || {
  say "installing omegat and xvfb"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends omegat xvfb xauth >/dev/null
}
say "translating phishing-awareness into French with OmegaT"
fr="$TRELLIS_PACKAGES/phishing-awareness.fr.course"
(cd "$here" && node translation/omegat.mjs "$fr") >"$work/omegat.log" 2>&1 \
  || { cat "$work/omegat.log"; echo "the OmegaT round trip failed"; exit 1; }
for t in scorm12 scorm2004 cmi5 xapi web; do
  "$TRELLIS_CLI" publish "$fr" --target "$t" --lang fr -o "$TRELLIS_PACKAGES/phishing-awareness.fr.$t.zip" >"$work/publish-fr-$t.log" 2>&1 \
    || { cat "$work/publish-fr-$t.log"; echo "publish phishing-awareness.fr --target $t failed"; exit 1; }
  unzip -q -o "$TRELLIS_PACKAGES/phishing-awareness.fr.$t.zip" -d "$TRELLIS_PACKAGES/phishing-awareness.fr.$t"
done

# 5. Every browser suite: the packages' conformance, the editor (against a real
#    `trellis studio`), the review build and `trellis review`, and the player's own smoke tests.
say "running the suites"
cd "$here"
files=(conformance/*.test.mjs ui/*.test.mjs review/*.test.mjs translation/*.test.mjs results/*.test.mjs)
for f in player/*.test.mjs; do
  # Only the player suites that are part of the repository.
  git -C "$repo" ls-files --error-unmatch "tests/$f" >/dev/null 2>&1 && files+=("$f")
done
status=0
node --test --test-reporter=spec --test-timeout=240000 "$@" "${files[@]}" || status=$?
say "done in $(( $(date +%s) - start )) s"
exit $status
