# ./aispm sample-docs --out FILE [--count N] [DIR ...]
# Samples 2 KB chunks of source code and documentation on this machine into a benign JSONL for `./aispm eval`, to
# measure false positives on code and docs (the labelled corpus has little of either). Defaults: 800 chunks from the
# Python standard library and npm's bundled docs, where present. Deterministic for the same files.
out=""
count=800
dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    *) dirs+=("$1"); shift ;;
  esac
done
[ -n "$out" ] || die "sample-docs: --out FILE is required"
if [ ${#dirs[@]} -eq 0 ]; then
  for d in /usr/lib/python3*/ "$(dirname "$(command -v npm)")/../lib/node_modules/npm/docs"; do
    [ -d "$d" ] && dirs+=("$d")
  done
fi
[ ${#dirs[@]} -gt 0 ] || die "sample-docs: no directory given and no Python or npm docs found"
node "$AISPM_ROOT/scripts/sample-docs.mjs" "$out" "$count" "${dirs[@]}"
