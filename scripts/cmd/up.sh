# ./aispm up: build, then start the demo upstream (a mock provider), the demo estate (a FAKE AWS endpoint and FAKE
# LiteLLM proxy holding config/hospitality-group-sales.example.json), the gateway and the admin service on embedded
# defaults. Prints one "name: URL" line per service once it answers. Ctrl-C stops all.
# For a caller that built already and must not disturb a running ./aispm up (the walkthrough test in tests/js):
# AISPM_UP_BUILT=1 skips the build, AISPM_RUN_DIR and AISPM_DATA_DIR move .run and .data, AISPM_*_PORT pick the ports.
if [ "${AISPM_UP_BUILT:-}" != 1 ]; then
  ensure_prereqs
  log "building (Release)"
  dotnet build "$AISPM_ROOT/AiSpm.sln" -c Release -nologo -v:q >/dev/null
  build_dashboard
  warm_rules
fi

run_dir="${AISPM_RUN_DIR:-$AISPM_ROOT/.run}"
data_dir="${AISPM_DATA_DIR:-$AISPM_ROOT/.data}"
# Owner-only from here on (0700 folders, 0600 files): .run/admin.out holds the admin token, .data the stored events.
umask 077
mkdir -p "$run_dir" "$data_dir"
chmod 700 "$run_dir" "$data_dir"
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  log "stopped"
}
trap cleanup INT TERM EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { if port_free "$1"; then echo "$1"; else free_port; fi; }

# Starts a service whose stdout announces "NAME: URL"; echoes the URL once the line appears.
start_service() {
  local name="$1"; shift
  local out="$run_dir/$name.out"
  : >"$out"
  chmod 600 "$out"
  "$@" >"$out" 2>"$run_dir/$name.log" &
  pids+=($!)
  local i=0
  while ! grep -q "^$name: " "$out"; do
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      cat "$run_dir/$name.log" >&2
      die "$name failed to start (log: .run/$name.log)"
    fi
    i=$((i + 1)); [ "$i" -gt 600 ] && die "$name did not announce itself within 60 s"
    sleep 0.1
  done
}

bin() { echo "$AISPM_ROOT/$1/bin/Release/net10.0/$(basename "$1").dll"; }

upstream_port=$(pick_port "${AISPM_UPSTREAM_PORT:-9000}")
start_service upstream dotnet "$(bin tests/AiSpm.MockUpstream)" --listen "http://127.0.0.1:$upstream_port"
upstream_url=$(sed -n 's/^upstream: //p' "$run_dir/upstream.out" | head -1)

# A local receiver for the admin's webhook sink: it verifies each delivery's signature and appends it to a file.
webhook_log="$run_dir/webhook.jsonl"
export AISPM_WEBHOOK_SECRET="${AISPM_WEBHOOK_SECRET:-local-webhook-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
start_service webhook node "$AISPM_ROOT/scripts/webhook-receiver.mjs" --log "$webhook_log" --port "$(pick_port "${AISPM_WEBHOOK_PORT:-9010}")"
webhook_url=$(sed -n 's/^webhook: //p' "$run_dir/webhook.out" | head -1)

# The demo estate: test doubles the admin's discovery reads as if they were AWS, LiteLLM and Temporal. The fake AWS endpoint
# routes and checks requests with botocore's models (../shared/aws-models); without them there is no demo estate.
estate_file="$AISPM_ROOT/config/hospitality-group-sales.example.json"
shared_dir="${AISPM_SHARED:-$AISPM_ROOT/../shared}"
estate_url=""
estate_env=()
if [ -d "$shared_dir/aws-models" ] && [ -f "$(bin tests/AiSpm.DemoEstate)" ]; then
  AISPM_SHARED="$shared_dir" start_service demo-estate dotnet "$(bin tests/AiSpm.DemoEstate)" --estate "$estate_file"
  estate_url=$(sed -n 's/^demo-estate: //p' "$run_dir/demo-estate.out" | head -1)
  estate_litellm=$(sed -n 's/^demo-estate-litellm: //p' "$run_dir/demo-estate.out" | head -1)
  estate_temporal=$(sed -n 's/^demo-estate-temporal: //p' "$run_dir/demo-estate.out" | head -1)
  # The fake's dummy credentials (it checks signatures with the same test secret), and the standard endpoint override.
  estate_env=(
    AWS_ENDPOINT_URL="$estate_url" AWS_ACCESS_KEY_ID=AKIDFAKEFORTESTS AWS_SECRET_ACCESS_KEY=fake/secret/for/signature/checks
    AWS_REGION=us-east-1 AWS_SESSION_TOKEN= LITELLM_MASTER_KEY=sk-fake-master-key
    AISPM_ADMIN__DISCOVERY__CONNECTORS__0__NAME=litellm AISPM_ADMIN__DISCOVERY__CONNECTORS__0__TYPE=litellm
    AISPM_ADMIN__DISCOVERY__CONNECTORS__0__BASEURL="$estate_litellm"
    AISPM_ADMIN__DISCOVERY__CONNECTORS__1__NAME=aws AISPM_ADMIN__DISCOVERY__CONNECTORS__1__TYPE=aws
    AISPM_ADMIN__DISCOVERY__CONNECTORS__1__REGIONS=us-east-1,eu-west-1
    AISPM_ADMIN__DISCOVERY__CONNECTORS__2__NAME=temporal AISPM_ADMIN__DISCOVERY__CONNECTORS__2__TYPE=temporal
    AISPM_ADMIN__DISCOVERY__CONNECTORS__2__ADDRESS="$estate_temporal" AISPM_ADMIN__DISCOVERY__CONNECTORS__2__NAMESPACE=group-sales
    AISPM_ADMIN__DISCOVERY__CONNECTORS__2__TLS=false
  )
else
  log "no demo estate: botocore models not found at $shared_dir/aws-models (set AISPM_SHARED)"
fi

# The demo estate's FAKE Security Hub receives the admin's findings as ASFF through a securityhub sink (the same
# AWS_ENDPOINT_URL and test credentials as discovery); GetFindings on the same endpoint reads them back.
hub_args=()
[ -n "$estate_url" ] && hub_args=(--sinks:demo-securityhub:type=securityhub --sinks:demo-securityhub:region=us-east-1
  --sinks:demo-securityhub:accountId="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).account)' "$estate_file")")

admin_url=""
if [ -f "$(bin admin/AiSpm.Admin)" ]; then
  admin_port=$(pick_port "${AISPM_ADMIN_PORT:-8090}")
  # The gateway's own credential for ingest and policy: one random token shared by the two processes.
  export AISPM_ADMIN_GATEWAY_TOKEN="${AISPM_ADMIN_GATEWAY_TOKEN:-local-gateway-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  export AISPM_ADMIN__AUTH__GATEWAYTOKEN="$AISPM_ADMIN_GATEWAY_TOKEN"
  start_service admin env "${estate_env[@]}" dotnet "$(bin admin/AiSpm.Admin)" --local --listen "http://127.0.0.1:$admin_port" --data "$data_dir/admin" \
    --sinks:local-webhook:type=webhook --sinks:local-webhook:url="$webhook_url" --sinks:local-webhook:secretEnv=AISPM_WEBHOOK_SECRET \
    "${hub_args[@]}" --guardian:mode=recommend
  admin_url=$(sed -n 's/^admin: //p' "$run_dir/admin.out" | head -1)
fi

gateway_port=$(pick_port "${AISPM_GATEWAY_PORT:-8080}")
scorer_line=""
[ -f "$AISPM_ROOT/config/scorer/model.json" ] && scorer_line="\"scorerPath\": \"$AISPM_ROOT/config/scorer/model.json\","
# The estate's high-risk tools (payments, deposits, refunds, contract signing) count as excessive agency.
high_risk_line=""
[ -f "$estate_file" ] && high_risk_line="\"highRiskTools\": $(node -e 'const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(JSON.stringify(e.highRiskTools || []))' "$estate_file"),"
admin_line=""
[ -n "$admin_url" ] && admin_line=",
  \"admin\": { \"baseUrl\": \"$admin_url\", \"tokenEnv\": \"AISPM_ADMIN_GATEWAY_TOKEN\", \"spoolDirectory\": \"$data_dir/spool\" }"
cat >"$run_dir/gateway.json" <<JSON
{
  "listen": "http://127.0.0.1:$gateway_port",
  "mode": "${AISPM_MODE:-enforce}",
  "rulesDirectory": "$AISPM_ROOT/config/rules",
  $scorer_line
  $high_risk_line
  "upstreams": { "demo": { "baseUrl": "$upstream_url/v1" } },
  "routes": [ { "model": "*", "upstream": "demo" } ]$admin_line
}
JSON
start_service gateway dotnet "$(bin gateway/AiSpm.Gateway)" --config "$run_dir/gateway.json"

cat "$run_dir/upstream.out" | grep '^upstream: ' | head -1
[ -n "$estate_url" ] && grep '^demo-estate: ' "$run_dir/demo-estate.out" | head -1
[ -n "$estate_url" ] && echo "securityhub: $estate_url/findings"
grep '^gateway: ' "$run_dir/gateway.out" | head -1
if [ -n "$admin_url" ]; then
  # Printed once here; the token lives only in the owner-only .run/admin.out and expires in an hour (auth:localTokenMinutes).
  grep -E '^(admin|admin-token|dashboard): ' "$run_dir/admin.out"
  echo "webhook-log: $webhook_log"
fi
gateway_url=$(sed -n 's/^gateway: //p' "$run_dir/gateway.out" | head -1)
log "try: curl -s $gateway_url/v1/chat/completions -H 'content-type: application/json' -d '{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}'"
[ -n "$admin_url" ] && log "the dashboard: link signs a browser in once (10 minutes); ./aispm dashboard prints another"
log "logs in .run/*.log; Ctrl-C stops everything"
wait -n "${pids[@]}" || true
log "a service exited; stopping the rest"
