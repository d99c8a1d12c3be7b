# ./aispm rego conformance DIR [--json]: run every YAML conformance case under DIR (Regorus' and OPA's case format)
# through AiSpm's Rego engine; prints each failure, the built-ins skipped as not implemented, and `N passed, N failed, N skipped`.
if [ "${1:-}" != "conformance" ] || [ -z "${2:-}" ]; then
  echo "usage: ./aispm rego conformance DIR [--json]" >&2
  exit 2
fi
dotnet build "$AISPM_ROOT/admin/AiSpm.Rego.Cli/AiSpm.Rego.Cli.csproj" -c Release -nologo -v:q >/dev/null
exec dotnet "$AISPM_ROOT/admin/AiSpm.Rego.Cli/bin/Release/net10.0/aispm-rego.dll" "$@"
