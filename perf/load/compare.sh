# ./aispm bench compare [--quick] [--skip SYSTEM,...]: the same scenarios against the mock directly, the AiSpm gateway
# (native AOT, enforce, every detector on), nginx, YARP and Portkey, in one run. Writes perf/RESULTS.md and
# perf/results.json. Sourced by scripts/cmd/bench.sh; helpers from scripts/lib.sh.
# shellcheck shell=bash

cmp_cpu_ticks() { # sum of utime+stime over a process tree, in clock ticks
  local pid="$1" total=0 p stat rest
  for p in "$pid" $(cmp_descendants "$pid"); do
    stat="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    rest="${stat##*) }"
    # shellcheck disable=SC2086
    set -- $rest
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

cmp_descendants() {
  local c
  for c in $(pgrep -P "$1" 2>/dev/null); do echo "$c"; cmp_descendants "$c"; done
}

cmp_mem_kb() { # sum of a /proc status field (VmHWM = peak RSS, VmRSS = now) over a process tree
  local pid="$1" field="$2" total=0 p v
  for p in "$pid" $(cmp_descendants "$pid"); do
    v="$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$p/status" 2>/dev/null)"
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

cmp_pin() { # cmp_pin CPUS cmd...: pinned when the machine has the cores for it
  if [ -n "$1" ]; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi
}

# For background servers: `(cmp_exec CPUS cmd...) &` makes $! the server itself, so stopping it by pid works (a
# backgrounded function is a subshell whose child would outlive a kill of the subshell).
cmp_exec() {
  if [ -n "$1" ]; then exec taskset -c "$1" "${@:2}"; else exec "${@:2}"; fi
}

# Starts a server in the background, waits for "<name>: http://..." on its stdout; sets CMP_PID and CMP_URL.
cmp_start() {
  local name="$1" cpus="$2"; shift 2
  local out="$CMP_WORK/$name.out" err="$CMP_WORK/$name.err" i=0
  (cmp_exec "$cpus" "$@") >"$out" 2>"$err" &
  CMP_PID=$!
  CMP_PIDS+=("$CMP_PID")
  CMP_URL=""
  while [ -z "$CMP_URL" ]; do
    CMP_URL="$(sed -n -E 's/^[a-z]+: (http:\/\/[0-9.:]+).*/\1/p' "$out" | head -1)"
    [ -n "$CMP_URL" ] && break
    kill -0 "$CMP_PID" 2>/dev/null || { cat "$err" >&2; die "$name exited before it was ready"; }
    i=$((i + 1)); [ "$i" -gt $((CMP_START_TIMEOUT * 10)) ] && { cat "$err" >&2; die "$name did not print its address within $CMP_START_TIMEOUT s"; }
    sleep 0.1
  done
}

cmp_stop() {
  local pid="$1" i=0
  kill "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cmp_cleanup() {
  local pid
  for pid in "${CMP_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${CMP_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}

# Appends one measurement line: {"system","scenario","data":{...}[,"cpu_s","rss_peak_mb"]}.
cmp_record() { printf '{"system":"%s","scenario":"%s","data":%s%s}\n' "$1" "$2" "$3" "${4:-}" >>"$CMP_RAW"; }

cmp_wrk() { # cmp_wrk URL BODIES DURATION -> JSON line
  local headers
  # One header per line: header values (a guardrail regex) may contain any other separator.
  headers="$(printf '%s\n' "${CMP_HEADERS[@]}")"
  WRK_BODIES="$2" WRK_HEADERS="$headers" cmp_pin "$CMP_CPU_LOAD" \
    wrk -t1 -c"$CMP_CONNECTIONS" -d"${3}s" --timeout 10s -s "$AISPM_ROOT/perf/load/wrk/chat.lua" "$1" | grep '^{' | tail -1
}

cmp_loadgen() { # cmp_loadgen MODE ARGS... -> JSON line
  local -a h=()
  local x
  for x in "${CMP_HEADERS[@]}"; do h+=(--header "$x"); done
  cmp_pin "$CMP_CPU_LOAD" node "$AISPM_ROOT/perf/load/loadgen.mjs" "$@" "${h[@]}"
}

# The scenarios every system runs. $1 system name, $2 base URL, $3 pid whose tree is the system under test.
cmp_scenarios() {
  local sys="$1" url="$2/v1/chat/completions" pid="$3" b="$CMP_WORK/bodies" json t0 t1 small
  small="$b/small-1.json,$b/small-2.json,$b/small-3.json,$b/small-4.json"
  log "$sys: warm-up ${CMP_WARM}s"
  cmp_wrk "$url" "$small" "$CMP_WARM" >/dev/null
  cmp_record "$sys" idle "{\"rss_mb\":$(awk "BEGIN{printf \"%.1f\", $(cmp_mem_kb "$pid" VmRSS)/1024}")}"

  log "$sys: saturation, small prompts, ${CMP_SAT}s, $CMP_CONNECTIONS connections"
  t0="$(cmp_cpu_ticks "$pid")"
  json="$(cmp_wrk "$url" "$small" "$CMP_SAT")"
  t1="$(cmp_cpu_ticks "$pid")"
  cmp_record "$sys" sat_small "$json" ",\"cpu_s\":$(awk "BEGIN{print ($t1-$t0)/$CMP_HZ}")"

  log "$sys: saturation, 16 KB prompts, ${CMP_SAT}s"
  cmp_record "$sys" sat_16k "$(cmp_wrk "$url" "$b/prompt-16k.json" "$CMP_SAT")"

  log "$sys: fixed rate $CMP_RATE req/s, 2 KB prompts, ${CMP_RATE_S}s"
  cmp_record "$sys" rate_2k "$(cmp_loadgen rate --url "$url" --rate "$CMP_RATE" --duration "$CMP_RATE_S" --connections "$CMP_CONNECTIONS" --body "$b/prompt-2k.json")"

  log "$sys: $CMP_STREAMS streamed responses, 8 at a time"
  cmp_record "$sys" stream "$(cmp_loadgen stream --url "$url" --streams "$CMP_STREAMS" --concurrency 8 --body "$b/stream.json")"
  cmp_record "$sys" peak "{\"rss_peak_mb\":$(awk "BEGIN{printf \"%.1f\", $(cmp_mem_kb "$pid" VmHWM)/1024}")}"
}

# 10 % attacks, every request paired with its status: blocks must equal attacks sent (enforce) or be 0 (monitor).
cmp_attack_mix() {
  local sys="$1" url="$2/v1/chat/completions" b="$CMP_WORK/bodies"
  log "$sys: 10 % attack mix at $CMP_MIX_RATE req/s, ${CMP_RATE_S}s"
  cmp_record "$sys" mix_rate "$(cmp_loadgen rate --url "$url" --rate "$CMP_MIX_RATE" --duration "$CMP_RATE_S" --connections "$CMP_CONNECTIONS" \
    --body "$b/prompt-2k.json" --attack-body "$b/attack-2k.json" --attack-every 10)"
  log "$sys: 10 % attack mix at saturation (closed, $CMP_CONNECTIONS connections), ${CMP_SAT}s"
  cmp_record "$sys" mix_sat "$(cmp_loadgen closed --url "$url" --duration "$CMP_SAT" --connections "$CMP_CONNECTIONS" \
    --body "$b/prompt-2k.json" --attack-body "$b/attack-2k.json" --attack-every 10)"
}

cmp_gateway_config() { # $1 file, $2 mode
  local scorer=null
  [ -f "$AISPM_ROOT/config/scorer/model.json" ] && scorer="\"$AISPM_ROOT/config/scorer/model.json\""
  cat >"$1" <<JSON
{
  "listen": "http://127.0.0.1:0",
  "mode": "$2",
  "failMode": "closed",
  "engine": "${AISPM_BENCH_ENGINE:-auto}",
  "rulesDirectory": "${AISPM_BENCH_RULES:-$AISPM_ROOT/config/rules}",
  "scorerPath": $scorer,
  "redactInsteadOfBlock": false,
  "upstreams": { "mock": { "baseUrl": "$CMP_MOCK/v1", "auth": { "mode": "passthrough" } } },
  "routes": [ { "model": "*", "upstream": "mock" } ]
}
JSON
}

cmp_nginx_config() { # $1 dir, $2 port
  mkdir -p "$1/tmp"
  cat >"$1/nginx.conf" <<CONF
# Generated by ./aispm bench compare: a plain reverse proxy, one worker, keep-alive upstream, no root needed.
daemon off;
master_process on;
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/tmp/body;
  proxy_temp_path $1/tmp/proxy;
  fastcgi_temp_path $1/tmp/fastcgi;
  uwsgi_temp_path $1/tmp/uwsgi;
  scgi_temp_path $1/tmp/scgi;
  client_max_body_size 8m;
  client_body_buffer_size 256k;
  keepalive_requests 1000000;
  upstream mock { server ${CMP_MOCK#http://}; keepalive 64; }
  server {
    listen 127.0.0.1:$2;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # Streams must flow token by token, as any LLM proxy would be configured.
      proxy_buffering off;
      proxy_request_buffering on;
    }
  }
}
CONF
}

cmp_machine_json() {
  local model kernel cores gw_commit dotnet_v node_v nginx_v wrk_v portkey_v
  model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  kernel="$(uname -r)"; cores="$(nproc)"
  # Version probes exit non-zero now and then (wrk -v does, always): never let them end the run.
  dotnet_v="$(dotnet --version 2>/dev/null || true)"; node_v="$(node --version || true)"
  nginx_v="$( (nginx -v 2>&1 || true) | sed 's/.*nginx\///')"; wrk_v="$( (wrk -v 2>&1 || true) | head -1 | awk '{print $2}')"
  portkey_v="$(node -p "require('$AISPM_ROOT/perf/portkey/node_modules/@portkey-ai/gateway/package.json').version" 2>/dev/null || true)"
  gw_commit="$(git -C "$AISPM_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf '{"date":"%s","cpu":"%s","cores":%s,"kernel":"%s","dotnet":"%s","node":"%s","nginx":"%s","wrk":"%s","portkey":"%s","yarp":"2.3.0","commit":"%s","quick":%s,"pinning":{"sut":"%s","mock":"%s","load":"%s"},"connections":%s,"rate":%s,"durations":{"warm_s":%s,"sat_s":%s,"rate_s":%s,"streams":%s}}' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$model" "$cores" "$kernel" "$dotnet_v" "$node_v" "$nginx_v" "$wrk_v" "$portkey_v" "$gw_commit" \
    "$CMP_QUICK" "${CMP_CPU_SUT:-any}" "${CMP_CPU_MOCK:-any}" "${CMP_CPU_LOAD:-any}" "$CMP_CONNECTIONS" "$CMP_RATE" \
    "$CMP_WARM" "$CMP_SAT" "$CMP_RATE_S" "$CMP_STREAMS"
}

cmp_build() {
  ensure_apt nginx wrk
  ensure_npm "$AISPM_ROOT/perf/portkey"
  log "building the mock upstream and the YARP baseline (Release)"
  dotnet build "$AISPM_ROOT/tests/AiSpm.MockUpstream/AiSpm.MockUpstream.csproj" -c Release -nologo -v:q >&2
  dotnet build "$AISPM_ROOT/perf/AiSpm.YarpBaseline/AiSpm.YarpBaseline.csproj" -c Release -nologo -v:q >&2
  CMP_GATEWAY="${AISPM_GATEWAY_AOT_BINARY:-$AISPM_ARTIFACTS/gateway/AiSpm.Gateway}"
  # Publish when there is no binary or when asked (--publish): an AOT publish takes minutes, more than --quick has.
  if [ ! -x "$CMP_GATEWAY" ] || [ "$CMP_PUBLISH" = 1 ]; then
    publish_gateway >&2
    CMP_GATEWAY="$AISPM_ARTIFACTS/gateway/AiSpm.Gateway"
  elif [ -n "$(find "$AISPM_ROOT/gateway" -name '*.cs' -newer "$CMP_GATEWAY" -not -path '*/obj/*' -print -quit)" ]; then
    log "note: gateway sources are newer than $CMP_GATEWAY; add --publish to rebuild it"
  fi
}

bench_compare() {
  CMP_QUICK=false
  CMP_PUBLISH=0
  local skip=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) CMP_QUICK=true ;;
      --publish) CMP_PUBLISH=1 ;;
      --skip) skip=",$2,"; shift ;;
      *) die "bench compare: unknown argument '$1' (usage: ./aispm bench compare [--quick] [--publish] [--skip portkey,...])" ;;
    esac
    shift
  done
  if [ "$CMP_QUICK" = true ]; then
    CMP_WARM=1; CMP_SAT=4; CMP_RATE_S=4; CMP_STREAMS=160
  else
    CMP_WARM=3; CMP_SAT=15; CMP_RATE_S=20; CMP_STREAMS=1000
  fi
  CMP_CONNECTIONS="${AISPM_BENCH_CONNECTIONS:-32}"
  CMP_RATE="${AISPM_BENCH_RATE:-2000}"
  CMP_MIX_RATE="${AISPM_BENCH_MIX_RATE:-1000}"
  CMP_HZ="$(getconf CLK_TCK)"
  CMP_START_TIMEOUT="${AISPM_BENCH_START_TIMEOUT:-180}"
  # Pinning: the system under test alone on core 0; load generator and mock share core 1. With one core, no pinning.
  if [ "$(nproc)" -ge 2 ]; then
    CMP_CPU_SUT="${AISPM_BENCH_CPU_SUT:-0}"; CMP_CPU_MOCK="${AISPM_BENCH_CPU_MOCK:-1}"; CMP_CPU_LOAD="${AISPM_BENCH_CPU_LOAD:-1}"
  else
    CMP_CPU_SUT=""; CMP_CPU_MOCK=""; CMP_CPU_LOAD=""
  fi

  cmp_build
  CMP_WORK="$(mktemp -d "${TMPDIR:-/tmp}/aispm-bench.XXXXXX")"
  CMP_RAW="$CMP_WORK/raw.jsonl"
  CMP_PIDS=()
  trap cmp_cleanup EXIT
  node "$AISPM_ROOT/perf/load/bodies.mjs" "$CMP_WORK/bodies"
  log "pinning: system under test on core ${CMP_CPU_SUT:-any}, mock on core ${CMP_CPU_MOCK:-any}, load generator on core ${CMP_CPU_LOAD:-any}"

  # The mock answers 16 tokens; streams pace them 1 ms apart (flags, not headers: not every proxy forwards x-mock-*).
  cmp_start mock "$CMP_CPU_MOCK" dotnet "$AISPM_ROOT/tests/AiSpm.MockUpstream/bin/Release/net10.0/AiSpm.MockUpstream.dll" \
    --listen http://127.0.0.1:0 --tokens 16 --token-delay-ms 1
  CMP_MOCK="$CMP_URL"; local mock_pid="$CMP_PID"
  CMP_HEADERS=("authorization: Bearer sk-bench-not-a-real-key")

  local sys
  for sys in direct aispm nginx yarp portkey; do
    case "$skip" in *",$sys,"*) log "skipping $sys"; continue ;; esac
    CMP_HEADERS=("authorization: Bearer sk-bench-not-a-real-key")
    case "$sys" in
      direct) cmp_scenarios direct "$CMP_MOCK" "$mock_pid" ;;
      aispm)
        cmp_gateway_config "$CMP_WORK/gateway.json" enforce
        log "aispm: start-up of the AOT binary to its first proxied request"
        cmp_record aispm startup "$(cmp_pin "$CMP_CPU_SUT" node "$AISPM_ROOT/perf/load/loadgen.mjs" startup --timeout "$CMP_START_TIMEOUT" --ready-regex '^gateway: (http://\S+)' \
          --path /v1/chat/completions --body "$CMP_WORK/bodies/small-1.json" --header "${CMP_HEADERS[0]}" -- "$CMP_GATEWAY" --config "$CMP_WORK/gateway.json")"
        cmp_start aispm "$CMP_CPU_SUT" "$CMP_GATEWAY" --config "$CMP_WORK/gateway.json"
        cmp_scenarios aispm "$CMP_URL" "$CMP_PID"
        cmp_attack_mix aispm "$CMP_URL"
        cmp_stop "$CMP_PID"
        cmp_gateway_config "$CMP_WORK/gateway-monitor.json" monitor
        cmp_start aispm-monitor "$CMP_CPU_SUT" "$CMP_GATEWAY" --config "$CMP_WORK/gateway-monitor.json"
        log "aispm (monitor): warm-up and saturation"
        cmp_wrk "$CMP_URL/v1/chat/completions" "$CMP_WORK/bodies/small-1.json" "$CMP_WARM" >/dev/null
        cmp_record aispm_monitor sat_small "$(cmp_wrk "$CMP_URL/v1/chat/completions" "$CMP_WORK/bodies/small-1.json,$CMP_WORK/bodies/small-2.json" "$CMP_SAT")"
        cmp_attack_mix aispm_monitor "$CMP_URL"
        cmp_stop "$CMP_PID" ;;
      nginx)
        local port; port="$(free_port)"
        cmp_nginx_config "$CMP_WORK/nginx" "$port"
        (cmp_exec "$CMP_CPU_SUT" nginx -p "$CMP_WORK/nginx" -c "$CMP_WORK/nginx/nginx.conf" -e "$CMP_WORK/nginx/error.log") \
          >"$CMP_WORK/nginx.out" 2>&1 &
        CMP_PID=$!; CMP_PIDS+=("$CMP_PID")
        wait_http "http://127.0.0.1:$port/" 30 || { cat "$CMP_WORK/nginx/error.log" >&2; die "nginx did not start"; }
        cmp_scenarios nginx "http://127.0.0.1:$port" "$CMP_PID"
        cmp_stop "$CMP_PID" ;;
      yarp)
        cmp_start yarp "$CMP_CPU_SUT" dotnet "$AISPM_ROOT/perf/AiSpm.YarpBaseline/bin/Release/net10.0/AiSpm.YarpBaseline.dll" --upstream "$CMP_MOCK"
        cmp_scenarios yarp "$CMP_URL" "$CMP_PID"
        cmp_stop "$CMP_PID" ;;
      portkey)
        local port; port="$(free_port)"
        (cd "$AISPM_ROOT/perf/portkey" && exec taskset -c "${CMP_CPU_SUT:-0}" node node_modules/@portkey-ai/gateway/build/start-server.js \
          "--port=$port" --headless) >"$CMP_WORK/portkey.out" 2>&1 &
        CMP_PID=$!; CMP_PIDS+=("$CMP_PID")
        wait_http "http://127.0.0.1:$port/" 30 || { cat "$CMP_WORK/portkey.out" >&2; die "portkey did not start"; }
        CMP_HEADERS+=("x-portkey-provider: openai" "x-portkey-custom-host: $CMP_MOCK/v1")
        cmp_scenarios portkey "http://127.0.0.1:$port" "$CMP_PID"
        # Its regex guardrail, configured offline through the x-portkey-config header (deny when the pattern matches).
        CMP_HEADERS+=('x-portkey-config: {"before_request_hooks":[{"type":"guardrail","id":"aispm-regex","deny":true,"checks":[{"id":"default.regexMatch","parameters":{"rule":"[Ii]gnore (all )?(previous|prior) instructions","not":true}}]}]}')
        log "portkey (regex guardrail): saturation and fixed rate"
        cmp_record portkey_guardrail sat_small "$(cmp_wrk "http://127.0.0.1:$port/v1/chat/completions" "$CMP_WORK/bodies/small-1.json" "$CMP_SAT")"
        cmp_attack_mix portkey_guardrail "http://127.0.0.1:$port"
        cmp_stop "$CMP_PID" ;;
    esac
  done
  cmp_stop "$mock_pid"

  local micro="${AISPM_BENCH_OUT:-$AISPM_ARTIFACTS/bench/micro}/results"
  cmp_machine_json >"$CMP_WORK/machine.json"
  node "$AISPM_ROOT/perf/load/report.mjs" --raw "$CMP_RAW" --machine "$CMP_WORK/machine.json" --micro "$micro" \
    --md "$AISPM_ROOT/perf/RESULTS.md" --json "$AISPM_ROOT/perf/results.json"
  cp "$CMP_RAW" "$AISPM_ROOT/perf/results-raw.jsonl"
  log "wrote perf/RESULTS.md, perf/results.json and perf/results-raw.jsonl"
  trap - EXIT
  cmp_cleanup
  rm -rf "$CMP_WORK"
}
