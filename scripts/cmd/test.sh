# ./aispm test: every test of the project. CI runs exactly this.
ensure_prereqs
sln="$AISPM_ROOT/AiSpm.sln"
log "build"
dotnet build "$sln" -c Release -nologo -v:q
build_dashboard
log "dashboard API types current (admin/dashboard/src/api/schema.d.ts)"
(cd "$AISPM_ROOT/admin/dashboard" && npm run --silent check-api)
log "format check"
dotnet format "$sln" --verify-no-changes --no-restore -v:q
log "npm audit (shipped JavaScript)"
audit_npm
warm_rules
publish_gateway
export AISPM_GATEWAY_AOT_BINARY="$AISPM_ARTIFACTS/gateway/AiSpm.Gateway"

results="$AISPM_ARTIFACTS/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
log "dotnet tests"
dotnet test "$sln" -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$results/dotnet.log" || status=1

if [ -d "$AISPM_ROOT/tests/js" ]; then
  log "node tests"
  # One runner for both folders, so node.log ends with one "# pass" / "# fail" summary: tests/js drives the gateway,
  # tests/infra checks the deployment files (templates, IAM list, Dockerfiles, kustomize, ./aispm deploy --dry-run).
  (cd "$AISPM_ROOT/tests/js" && node --test --test-reporter=tap test/ ../infra/test/) 2>&1 | tee "$results/node.log" || status=1
fi

log "dashboard tests: units, then end-to-end in Chromium"
(cd "$AISPM_ROOT/admin/dashboard" && node --test --test-concurrency=1 --test-reporter=tap test/ e2e/) 2>&1 | tee "$results/dashboard.log" || status=1

passed=$(awk '/(Passed|Failed)!/ { for (i=1;i<=NF;i++) if ($i=="Passed:") { gsub(",","",$(i+1)); s+=$(i+1) } } END { print s+0 }' "$results/dotnet.log")
failed=$(awk '/(Passed|Failed)!/ { for (i=1;i<=NF;i++) if ($i=="Failed:") { gsub(",","",$(i+1)); s+=$(i+1) } } END { print s+0 }' "$results/dotnet.log")
if [ -f "$results/node.log" ]; then
  passed=$((passed + $(awk '/^# pass /{print $3}' "$results/node.log" | tail -1)))
  failed=$((failed + $(awk '/^# fail /{print $3}' "$results/node.log" | tail -1)))
fi
if [ -f "$results/dashboard.log" ]; then
  passed=$((passed + $(awk '/^# pass /{print $3}' "$results/dashboard.log" | tail -1)))
  failed=$((failed + $(awk '/^# fail /{print $3}' "$results/dashboard.log" | tail -1)))
fi
[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed"
exit "$status"
