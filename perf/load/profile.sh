# ./aispm bench profile [--seconds N] [--body small|2k|16k|attack] [--publish]
# A CPU profile of the native-AOT gateway under wrk saturation, the way perf/PROFILE.md was made: mock upstream and wrk
# on core 1, the gateway alone on core 0, `perf record -g` on the gateway for N seconds (default 8). Writes
# artifacts/bench/profile/{dso,self,children}.txt and prints the heads of them. Needs Linux perf (apt linux-perf).
# shellcheck shell=bash
# shellcheck source=perf/load/compare.sh
source "$AISPM_ROOT/perf/load/compare.sh"

bench_profile() {
  local seconds=8 body=small
  CMP_PUBLISH=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --seconds) seconds="$2"; shift ;;
      --body) body="$2"; shift ;;
      --publish) CMP_PUBLISH=1 ;;
      *) die "bench profile: unknown argument '$1' (usage: ./aispm bench profile [--seconds N] [--body small|2k|16k|attack] [--publish])" ;;
    esac
    shift
  done
  ensure_apt linux-perf
  CMP_START_TIMEOUT="${AISPM_BENCH_START_TIMEOUT:-180}"
  CMP_CONNECTIONS="${AISPM_BENCH_CONNECTIONS:-32}"
  if [ "$(nproc)" -ge 2 ]; then CMP_CPU_SUT=0; CMP_CPU_MOCK=1; CMP_CPU_LOAD=1; else CMP_CPU_SUT=""; CMP_CPU_MOCK=""; CMP_CPU_LOAD=""; fi
  cmp_build
  CMP_WORK="$(mktemp -d "${TMPDIR:-/tmp}/aispm-profile.XXXXXX")"
  CMP_PIDS=()
  trap cmp_cleanup EXIT
  node "$AISPM_ROOT/perf/load/bodies.mjs" "$CMP_WORK/bodies"
  local bodies
  case "$body" in
    small) bodies="$CMP_WORK/bodies/small-1.json,$CMP_WORK/bodies/small-2.json,$CMP_WORK/bodies/small-3.json,$CMP_WORK/bodies/small-4.json" ;;
    2k) bodies="$CMP_WORK/bodies/prompt-2k.json" ;;
    16k) bodies="$CMP_WORK/bodies/prompt-16k.json" ;;
    attack) bodies="$CMP_WORK/bodies/attack-2k.json,$CMP_WORK/bodies/prompt-2k.json" ;;
    *) die "bench profile: --body is small, 2k, 16k or attack" ;;
  esac
  cmp_start mock "$CMP_CPU_MOCK" dotnet "$AISPM_ROOT/tests/AiSpm.MockUpstream/bin/Release/net10.0/AiSpm.MockUpstream.dll" \
    --listen http://127.0.0.1:0 --tokens 16 --token-delay-ms 1
  CMP_MOCK="$CMP_URL"
  CMP_HEADERS=("authorization: Bearer sk-bench-not-a-real-key")
  cmp_gateway_config "$CMP_WORK/gateway.json" enforce
  cmp_start aispm "$CMP_CPU_SUT" "$CMP_GATEWAY" --config "$CMP_WORK/gateway.json"
  local gateway_pid="$CMP_PID" url="$CMP_URL/v1/chat/completions" out="$AISPM_ARTIFACTS/bench/profile"
  mkdir -p "$out"
  log "profiling the gateway (pid $gateway_pid, core ${CMP_CPU_SUT:-any}) for ${seconds}s under wrk saturation, $body prompts"
  cmp_wrk "$url" "$bodies" 2 >/dev/null
  (cmp_wrk "$url" "$bodies" $((seconds + 3)) >"$out/wrk.json") &
  local wrk_pid=$!
  sleep 1
  perf record -F 2999 -g -p "$gateway_pid" -o "$out/perf.data" -- sleep "$seconds" >/dev/null 2>&1 || die "perf record failed (is perf allowed here? kernel.perf_event_paranoid)"
  wait "$wrk_pid" || true
  perf report -i "$out/perf.data" --no-children --sort dso -g none 2>/dev/null | grep '%' >"$out/dso.txt" || true
  perf report -i "$out/perf.data" --no-children --sort symbol -g none 2>/dev/null | grep '%' >"$out/self.txt" || true
  perf report -i "$out/perf.data" --children --sort symbol -g none 2>/dev/null | grep '%' >"$out/children.txt" || true
  log "wrk: $(cat "$out/wrk.json")"
  printf '\n== CPU by binary (%s/dso.txt)\n' "${out#"$AISPM_ROOT"/}"; head -8 "$out/dso.txt"
  printf '\n== hottest functions, self time (%s/self.txt)\n' "${out#"$AISPM_ROOT"/}"; head -25 "$out/self.txt" | cut -c1-160
  printf '\n== gateway and detection code, inclusive (%s/children.txt)\n' "${out#"$AISPM_ROOT"/}"
  grep -E 'AiSpm_(Gateway|Detection)' "$out/children.txt" | head -25 | cut -c1-160
  cmp_stop "$gateway_pid"
}
