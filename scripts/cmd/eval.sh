# ./aispm eval --corpus FILE [--json] [--errors] [--engine auto|hyperscan|managed] [--rules DIR] [--scorer FILE|--no-scorer]
# Runs the detector stack (Inspector.ScanText, the gateway's code path) on a labelled JSONL corpus.
# ./aispm eval --loso [--only NAME,NAME] [--loso-by-file] [--quick]
# Leave one source out: for each source repository of train.jsonl, dev.jsonl and multilingual.jsonl, retrains the
# scorer on the training set (as ./aispm train uses it) without that source's rows and measures the full stack on
# them. --quick uses 2 threshold folds instead of 5 (figures move slightly; use it to iterate, not to report).
ensure_apt libhyperscan5 libhyperscan-dev
corpus="${AISPM_SHARED}/corpus"
is_loso=0
for a in "$@"; do [ "$a" = "--loso" ] && is_loso=1; done
if [ "$is_loso" = 1 ]; then
  loso_args=()
  for a in "$@"; do
    case "$a" in
      --loso) ;;
      --quick) loso_args+=(--folds 2) ;;
      *) loso_args+=("$a") ;;
    esac
  done
  # The training set: keep in step with scripts/cmd/train.sh.
  dotnet run --project "$AISPM_ROOT/gateway/AiSpm.Detection.Training" -c Release -- \
    --train "$corpus/train.jsonl" \
    --loso "$corpus/train.jsonl" --loso "$corpus/dev.jsonl" --loso "$corpus/multilingual.jsonl" --loso "$AISPM_ROOT/config/scorer/written-benign.jsonl" \
    --rules "$AISPM_ROOT/config/rules" "${loso_args[@]}"
  return $?
fi
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
