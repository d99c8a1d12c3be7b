# ./aispm scan --offline DIR [--json]
# The assets and edges of a folder of AWS CLI outputs (SERVICE.OPERATION[.ANYTHING].json) and LiteLLM answers
# (litellm.PATH.json), mapped by the same code as the live scan.
scan_proj="$AISPM_ROOT/scanner/AiSpm.Scanner.Cli/AiSpm.Scanner.Cli.csproj"
scan_out="$AISPM_ARTIFACTS/scan"
dotnet build "$scan_proj" -c Release -nologo -v:q -o "$scan_out" >&2 || die "scan: build failed"
dotnet "$scan_out/aispm-scan.dll" "$@"
