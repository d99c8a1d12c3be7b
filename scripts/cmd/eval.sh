# ./aispm eval --corpus FILE [--json] [--errors] [--engine auto|hyperscan|managed] [--rules DIR] [--scorer FILE|--no-scorer]
# Runs the detector stack (Inspector.ScanText, the gateway's code path) on a labelled JSONL corpus.
ensure_apt libhyperscan5 libhyperscan-dev
eval_proj="$AISPM_ROOT/gateway/AiSpm.Detection.Cli/AiSpm.Detection.Cli.csproj"
eval_out="$AISPM_ARTIFACTS/eval"
dotnet build "$eval_proj" -c Release -nologo -v:q -o "$eval_out" >&2 || die "eval: build failed"
eval_args=("$@")
has_rules=0
for a in "$@"; do [ "$a" = "--rules" ] && has_rules=1; done
[ "$has_rules" = 1 ] || eval_args+=(--rules "$AISPM_ROOT/config/rules")
has_scorer=0
for a in "$@"; do case "$a" in --scorer|--no-scorer) has_scorer=1 ;; esac; done
if [ "$has_scorer" = 0 ] && [ -f "$AISPM_ROOT/config/scorer/model.json" ]; then
  eval_args+=(--scorer "$AISPM_ROOT/config/scorer/model.json")
fi
dotnet "$eval_out/aispm-eval.dll" "${eval_args[@]}"
