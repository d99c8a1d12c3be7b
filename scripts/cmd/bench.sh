# ./aispm bench micro [--short] [--no-build] [--filter PATTERN]...   BenchmarkDotNet suites + allocation budget
# ./aispm bench check-budget --results DIR|FILE [--budget FILE]     budget check on existing BenchmarkDotNet JSON
# ./aispm bench compare [--quick]                                   direct / AiSpm / nginx / YARP / Portkey under load
# ./aispm bench profile [--seconds N] [--body ...]                  perf record of the AOT gateway under wrk saturation
# ./aispm bench posture [--controls N] [--resources N] [--runs N] [--per-control]   Rego posture controls over a generated estate, one core
# ./aispm bench scan [--agents N] [--keys N] [--runs N]             discovery scan and unchanged rescans of a generated estate (fakes)
# shellcheck shell=bash

bench_usage() {
  cat <<'USAGE'
usage: ./aispm bench micro [--short] [--no-build] [--filter PATTERN ...]
       ./aispm bench check-budget --results DIR|FILE [--budget FILE]
       ./aispm bench compare [--quick] [--skip SYSTEM,...]
       ./aispm bench profile [--seconds N] [--body small|2k|16k|attack] [--publish]
       ./aispm bench posture [--controls N] [--resources N] [--runs N] [--per-control] [--no-build]
       ./aispm bench scan [--agents N] [--keys N] [--runs N] [--no-build]
USAGE
}

bench_dll() {
  printf '%s' "${AISPM_BENCH_DLL:-$AISPM_ROOT/perf/AiSpm.Benchmarks/bin/Release/net10.0/AiSpm.Benchmarks.dll}"
}

bench_micro() {
  local short=0 build=1 have_filter=0 args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --short) short=1; args+=(--short) ;;
      --no-build) build=0 ;;
      --filter) have_filter=1; args+=("$1"); shift
        # BenchmarkDotNet takes several patterns after one --filter.
        while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do args+=("$1"); shift; done
        continue ;;
      -h|--help) bench_usage; return 0 ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  # Without a filter BenchmarkDotNet asks on stdin which suite to run; a script wants all of them.
  [ "$have_filter" = 1 ] || args+=(--filter '*')

  local dll out budget rc=0
  dll="$(bench_dll)"
  if [ "$build" = 1 ]; then
    log "building perf/AiSpm.Benchmarks (Release)"
    dotnet build "$AISPM_ROOT/perf/AiSpm.Benchmarks/AiSpm.Benchmarks.csproj" -c Release -nologo -v:q >&2
  fi
  [ -f "$dll" ] || die "benchmark assembly not found: $dll (build perf/AiSpm.Benchmarks or drop --no-build)"
  out="${AISPM_BENCH_OUT:-$AISPM_ARTIFACTS/bench/micro}"
  budget="${AISPM_BENCH_BUDGET:-$AISPM_ROOT/perf/AiSpm.Benchmarks/allocation-budget.json}"
  rm -rf "$out"; mkdir -p "$out"

  # The finalizer thread allocates now and then; MemoryDiagnoser counts the whole process, so BenchmarkDotNet's own
  # switch holds the finalizer back while allocations are measured (otherwise a "zero" reads 18-228 B/op at random).
  local -a envs=(BENCHMARKDOTNET_UNITTEST_BLOCK_FINALIZER_FOR_MEMORYDIAGNOSER=BENCHMARKDOTNET_UNITTEST_BLOCK_FINALIZER_FOR_MEMORYDIAGNOSER_ACTIVE)
  # Short runs are too brief for tiering to settle; fully optimized code from the start is also what native AOT runs.
  [ "$short" = 1 ] && envs+=(DOTNET_TieredCompilation=0)

  log "running benchmarks (${args[*]}) -> ${out#"$AISPM_ROOT"/}"
  (cd "$out" && env "${envs[@]}" dotnet "$dll" "${args[@]}" --artifacts "$out") || rc=$?
  if [ ! -d "$out/results" ]; then
    log "no results were written (exit $rc)"
    return $((rc == 0 ? 1 : rc))
  fi
  local brc=0
  dotnet "$dll" check-budget --results "$out/results" --budget "$budget" || brc=$?
  [ "$rc" = 0 ] || log "some benchmarks failed (exit $rc); see $out"
  [ "$brc" = 0 ] || log "allocation budget check failed (exit $brc)"
  [ "$rc" = 0 ] && [ "$brc" = 0 ]
}

bench_check_budget() {
  local dll
  dll="$(bench_dll)"
  [ -f "$dll" ] || die "benchmark assembly not found: $dll (build perf/AiSpm.Benchmarks first)"
  local has_budget=0 a
  for a in "$@"; do [ "$a" = "--budget" ] && has_budget=1; done
  if [ "$has_budget" = 1 ]; then
    dotnet "$dll" check-budget "$@"
  else
    dotnet "$dll" check-budget "$@" --budget "${AISPM_BENCH_BUDGET:-$AISPM_ROOT/perf/AiSpm.Benchmarks/allocation-budget.json}"
  fi
}

# Runs one console mode of the benchmark assembly (posture, scan): builds it first unless --no-build, passes the other
# arguments on. BENCH_RUN_PREFIX (an array) goes before dotnet, for pinning or environment.
bench_console() {
  local mode="$1" build=1 args=()
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-build) build=0 ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  local dll
  dll="$(bench_dll)"
  if [ "$build" = 1 ]; then
    log "building perf/AiSpm.Benchmarks (Release)"
    dotnet build "$AISPM_ROOT/perf/AiSpm.Benchmarks/AiSpm.Benchmarks.csproj" -c Release -nologo -v:q >&2
  fi
  [ -f "$dll" ] || die "benchmark assembly not found: $dll (build perf/AiSpm.Benchmarks or drop --no-build)"
  "${BENCH_RUN_PREFIX[@]}" dotnet "$dll" "$mode" "${args[@]}"
}

# 40 controls (config/controls plus renamed variants, compiled once) each over 10,000 resources of its kind, cloned from
# the scanner's estate export; pinned to one core (AISPM_BENCH_CPU_SUT, default 0). Prints the inventory and evaluation
# times per run and the best; exit 1 when a result is an error.
bench_posture() {
  BENCH_RUN_PREFIX=(taskset -c "${AISPM_BENCH_CPU_SUT:-0}")
  bench_console posture "$@"
}

# A discovery scan of a generated estate (served by the fakes of tests/AiSpm.DemoEstate in their own process), then
# unchanged rescans; exit 1 when a connector fails or a rescan would write anything.
bench_scan() {
  local shared="${AISPM_SHARED:-$AISPM_ROOT/../shared}"
  [ -d "$shared/aws-models" ] || die "the fake AWS endpoint needs botocore's models: $shared/aws-models (set AISPM_SHARED)"
  # The scan runs with the admin service's shipped GC setting (System.GC.ConserveMemory=7 in AiSpm.Admin.csproj),
  # so its peak RSS is the service's; AISPM_BENCH_GC_CONSERVE=0 measures the runtime's default.
  BENCH_RUN_PREFIX=(env AISPM_SHARED="$shared" DOTNET_GCConserveMemory="${AISPM_BENCH_GC_CONSERVE:-7}")
  bench_console scan "$@"
}

bench_main() {
  local sub="${1:-}"
  [ $# -gt 0 ] && shift
  case "$sub" in
    micro) bench_micro "$@" ;;
    check-budget) bench_check_budget "$@" ;;
    posture) bench_posture "$@" ;;
    scan) bench_scan "$@" ;;
    compare)
      # shellcheck source=perf/load/compare.sh
      source "$AISPM_ROOT/perf/load/compare.sh"
      bench_compare "$@" ;;
    profile)
      # shellcheck source=perf/load/profile.sh
      source "$AISPM_ROOT/perf/load/profile.sh"
      bench_profile "$@" ;;
    ""|-h|--help|help) bench_usage ;;
    *) bench_usage >&2; return 2 ;;
  esac
}

bench_main "$@"
