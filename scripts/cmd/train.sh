# ./aispm train: retrains the learned scorer (prompt_injection, jailbreak, system_prompt_extraction) from
# ../shared/corpus/train.jsonl into config/scorer, then reports its metrics on dev.jsonl for checking only.
# Deterministic: a fixed seed and epoch count give identical weights on every run. Extra args go to the trainer,
# e.g. `./aispm train --verbose`; `--train FILE` may repeat (see config/scorer/README.md for why multilingual.jsonl is
# not in the shipped training set). The training set is also in scripts/cmd/eval.sh (--loso): keep the two in step.
corpus="${AISPM_SHARED}/corpus"
dotnet run --project "$AISPM_ROOT/gateway/AiSpm.Detection.Training" -c Release -- \
  --train "$corpus/train.jsonl" \
  --out "$AISPM_ROOT/config/scorer" --eval "$corpus/dev.jsonl" --rules "$AISPM_ROOT/config/rules" "$@"
