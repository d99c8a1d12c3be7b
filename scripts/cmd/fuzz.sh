# ./aispm fuzz [--iterations N]: the fuzz tests of every parser that reads untrusted bytes (request bodies, SSE from
# upstreams, headers, the guardrail API, the admin's batch ingest), with far more inputs than ./aispm test gives them
# (10,000 each). A failure prints the CsCheck seed that reproduces it: CsCheck_Seed=SEED ./aispm fuzz.
iterations=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) [ $# -ge 2 ] || die "--iterations needs a number"; iterations="$2"; shift 2 ;;
    *) die "usage: ./aispm fuzz [--iterations N]" ;;
  esac
done
case "$iterations" in ''|*[!0-9]*) die "--iterations takes a whole number, not '$iterations'" ;; esac

ensure_prereqs
log "building (Release)"
dotnet build "$AISPM_ROOT/AiSpm.sln" -c Release -nologo -v:q >/dev/null
export AISPM_FUZZ_ITERATIONS="$iterations"
status=0
for project in AiSpm.Detection.Tests AiSpm.Gateway.Tests AiSpm.Admin.Tests AiSpm.Gateway.FunctionalTests; do
  log "fuzz: $project ($iterations inputs per parser)"
  dotnet test "$AISPM_ROOT/tests/$project" -c Release --no-build -nologo --filter "FullyQualifiedName~.Fuzzing." \
    --logger "console;verbosity=minimal" || status=1
done
exit "$status"
