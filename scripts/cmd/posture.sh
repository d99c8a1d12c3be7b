# ./aispm posture --offline DIR [--json] [--controls DIR] [--config FILE]
# The offline scan of DIR (as `./aispm scan --offline`), then every control of config/controls (or --controls DIR) over
# the assets: each control's result per resource, the scores per asset, team, account and overall, and the OWASP LLM and
# Agentic framework report. --config FILE: a JSON object the controls read as data.aispm.config (e.g. approved_models).
case " $* " in
  *" --controls "*) ;;
  *) set -- "$@" --controls "$AISPM_ROOT/config/controls" ;;
esac
dotnet build "$AISPM_ROOT/admin/AiSpm.Rego.Cli/AiSpm.Rego.Cli.csproj" -c Release -nologo -v:q >/dev/null || die "posture: build failed"
exec dotnet "$AISPM_ROOT/admin/AiSpm.Rego.Cli/bin/Release/net10.0/aispm-rego.dll" posture "$@"
