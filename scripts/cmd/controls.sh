# ./aispm controls eval --control FILE --input FILE [--data FILE] [--json]: evaluate one Rego control over one resource
# (a provider's configuration document, object keys PascalCased) and print the decision and the reasons.
# Exit 0 passing, 1 failing, 2 error.
if [ "${1:-}" != "eval" ]; then
  echo "usage: ./aispm controls eval --control FILE --input FILE [--data FILE] [--json]" >&2
  exit 2
fi
dotnet build "$AISPM_ROOT/admin/AiSpm.Rego.Cli/AiSpm.Rego.Cli.csproj" -c Release -nologo -v:q >/dev/null
exec dotnet "$AISPM_ROOT/admin/AiSpm.Rego.Cli/bin/Release/net10.0/aispm-rego.dll" controls "$@"
