# Shared helpers for ./aispm subcommands. Sourced, not run.
# shellcheck shell=bash

log() { printf '\033[1;34m[aispm]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[aispm]\033[0m %s\n' "$*" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export AISPM_ARTIFACTS="${AISPM_ARTIFACTS:-$AISPM_ROOT/artifacts}"
export AISPM_SHARED="${AISPM_SHARED:-$(cd "$AISPM_ROOT/.." && pwd)/shared}"

# apt packages every command may need. Installed once, idempotently.
# clang, lld, zlib1g-dev: native AOT. libhyperscan: the detection engine. nginx, wrk, hey: the perf rig.
# chromium: the dashboard's end-to-end tests (driven by playwright-core). curl, jq: the walkthroughs of docs/use-cases
# (and their test).
AISPM_APT_PACKAGES=(clang lld zlib1g-dev libhyperscan-dev libhyperscan5 nginx wrk hey chromium curl jq)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_apt() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm ci in a folder that has a package-lock.json, only when the lock changed since the last install.
ensure_npm() {
  local dir="$1"
  [ -f "$dir/package-lock.json" ] || die "no package-lock.json in $dir"
  local stamp="$dir/node_modules/.aispm-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return 0; fi
  log "npm: installing in ${dir#"$AISPM_ROOT"/}"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$dir/package-lock.json" "$stamp"
}

ensure_prereqs() {
  ensure_apt "${AISPM_APT_PACKAGES[@]}"
  # kubectl renders infra/k8s in the tests (kubectl kustomize). Machines here come with one; elsewhere Debian's.
  command -v kubectl >/dev/null 2>&1 || ensure_apt kubernetes-client
  local lock
  while IFS= read -r lock; do
    ensure_npm "$(dirname "$lock")"
  done < <(find "$AISPM_ROOT" -name package-lock.json -not -path '*/node_modules/*' | sort)
}

# npm audit --omit=dev of every JavaScript package that ships: folders with a package-lock.json outside tests/ and
# perf/ (test and benchmark tooling never ships). Fails only on real advisories; an audit endpoint that does not
# answer is a warning (see scripts/npm-audit.mjs).
audit_npm() {
  local lock dir status=0 n=0
  while IFS= read -r lock; do
    dir="$(dirname "$lock")"
    n=$((n + 1))
    node "$AISPM_ROOT/scripts/npm-audit.mjs" "$dir" || status=1
  done < <(find "$AISPM_ROOT" -name package-lock.json -not -path '*/node_modules/*' \
    -not -path "$AISPM_ROOT/tests/*" -not -path "$AISPM_ROOT/perf/*" | sort)
  [ "$n" -eq 0 ] && log "npm audit: no shipped JavaScript packages (only tests/ and perf/ tooling); nothing to audit"
  return "$status"
}

# A free TCP port on loopback.
free_port() {
  python3 - <<'PY' 2>/dev/null || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# Waits until an HTTP URL answers (any status), or fails after $2 seconds.
wait_http() {
  local url="$1" timeout="${2:-60}" i=0
  while ! curl -s -o /dev/null "$url"; do
    i=$((i + 1))
    [ "$i" -gt $((timeout * 10)) ] && return 1
    sleep 0.1
  done
}

# The dashboard's production build (admin/dashboard/dist), which the admin service serves from /.
build_dashboard() {
  log "building the dashboard (admin/dashboard/dist)"
  (cd "$AISPM_ROOT/admin/dashboard" && npm run --silent build >&2)
}

publish_gateway() {
  log "publishing the native-AOT gateway (artifacts/gateway)"
  dotnet publish "$AISPM_ROOT/gateway/AiSpm.Gateway/AiSpm.Gateway.csproj" -c Release -r linux-x64 \
    -o "$AISPM_ARTIFACTS/gateway" -p:TreatWarningsAsErrors=true -nologo -v:q
}

# Compiles the shipped rule packs once so the compiled Hyperscan database is cached (see HsDatabaseCache): the first
# compile after a rule change takes minutes on a small machine; every later start loads it in milliseconds.
warm_rules() {
  local config="$AISPM_ARTIFACTS/warm-gateway.json"
  mkdir -p "$AISPM_ARTIFACTS"
  cat >"$config" <<JSON
{ "rulesDirectory": "$AISPM_ROOT/config/rules",
  "upstreams": { "none": { "baseUrl": "http://127.0.0.1:9/v1" } }, "routes": [ { "model": "*", "upstream": "none" } ] }
JSON
  log "compiling the detection rules (cached; the first time after a rule change takes a few minutes)"
  dotnet "$AISPM_ROOT/gateway/AiSpm.Gateway/bin/Release/net10.0/AiSpm.Gateway.dll" --config "$config" --check >&2
}
