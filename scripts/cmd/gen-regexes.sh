# ./aispm gen-regexes: rewrites gateway/AiSpm.Detection/Engines/Managed/ShippedRegexes.g.cs, the source-generated
# twins of every pattern in config/rules, after a rule pack changes (a test fails until it is rerun). Patterns without
# a twin still work, through the regex interpreter, which is several times slower on texts that trigger them.
gen_proj="$AISPM_ROOT/gateway/AiSpm.Detection.Cli/AiSpm.Detection.Cli.csproj"
gen_out="$AISPM_ARTIFACTS/eval"
dotnet build "$gen_proj" -c Release -nologo -v:q -o "$gen_out" >&2 || die "gen-regexes: build failed"
dotnet "$gen_out/aispm-eval.dll" generate-regexes --rules "$AISPM_ROOT/config/rules" \
  --out "$AISPM_ROOT/gateway/AiSpm.Detection/Engines/Managed/ShippedRegexes.g.cs"
