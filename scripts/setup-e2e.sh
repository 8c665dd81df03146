#!/usr/bin/env bash
# Installs what the real-editor tests (test/e2e) need, and nothing twice:
#   - Debian's chromium (driven by playwright-core), ripgrep and the Kerberos headers a native
#     module of VS Code compiles against; neovim, the non-VS Code LSP client of test/neovim;
#   - code-server (VS Code served to a browser) in test/e2e/.host, outside the extension's own
#     dependency tree so the .vsix never contains it.
# Safe to run again: every step is skipped when its result is already there.
set -euo pipefail

CODE_SERVER_VERSION=4.99.4 # the newest code-server that runs on Node 20
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOST="$ROOT/test/e2e/.host"
MARKER="$HOST/.installed-code-server-$CODE_SERVER_VERSION"
started=$SECONDS

log() { printf 'setup-e2e: %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------
missing=()
# gcc, python3, iproute2 (ss) and util-linux (unshare): the kernel view's tests run real C and Python services.
for pkg in chromium ripgrep libkrb5-dev procps gcc python3 iproute2 util-linux neovim; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "needs root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "installing ${missing[*]} with apt-get"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
else
  log "chromium, ripgrep, libkrb5-dev, procps, gcc, python3, iproute2, util-linux and neovim already installed"
fi

# --- code-server ---------------------------------------------------------------------------------
if [ -f "$MARKER" ] && [ -x "$HOST/node_modules/.bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in test/e2e/.host"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into test/e2e/.host"
rm -rf "$HOST"
mkdir -p "$HOST/tmp"
cd "$HOST"

# npm 11 runs no dependency install scripts unless allowed. code-server's own postinstall runs
# `npm install` again in lib/vscode and lib/vscode/extensions, which are projects of their own:
# so install without scripts first, give each nested project its allow-list in its own .npmrc
# (an allow-list passed through the environment makes those nested installs fail), then run them.
printf '%s\n' \
  '{' \
  '  "name": "socklint-e2e-host",' \
  '  "private": true,' \
  '  "description": "code-server for the real-editor tests; installed by scripts/setup-e2e.sh",' \
  "  \"dependencies\": { \"code-server\": \"$CODE_SERVER_VERSION\" }," \
  '  "allowScripts": { "code-server": true, "argon2": true }' \
  '}' >package.json

# @vscode/ripgrep downloads rg from GitHub; it first looks in this cache, so put Debian's rg there.
export TMPDIR="$HOST/tmp"
rg_cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache" "$TMPDIR/rg"
cp /usr/bin/rg "$TMPDIR/rg/rg"
tar -czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rg" rg

export npm_config_unsafe_perm=true # code-server's postinstall.sh refuses to run as root without it
export npm_config_yes=true         # node-pty's postinstall runs `npx node-gyp`; npx would ask

npm install --ignore-scripts --no-audit --no-fund --loglevel=error
vscode_dir="$HOST/node_modules/code-server/lib/vscode"
[ -f "$vscode_dir/package.json" ] || { log "unexpected code-server layout: no $vscode_dir"; exit 1; }
echo 'allow-scripts=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,node-pty' \
  >>"$vscode_dir/.npmrc"
echo 'allow-scripts=typescript' >>"$vscode_dir/extensions/.npmrc"
npm rebuild --no-audit --no-fund --loglevel=error

"$HOST/node_modules/.bin/code-server" --version >/dev/null
touch "$MARKER"
log "code-server $CODE_SERVER_VERSION installed in $((SECONDS - started)) s"
