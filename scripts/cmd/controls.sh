# ./aispm controls eval --control FILE --input FILE [--data FILE] [--json]: evaluate one Rego control over one resource
# (a provider's configuration document, object keys PascalCased) and print the decision and the reasons.
# Exit 0 passing, 1 failing, 2 error.
# ./aispm controls test [DIR]: like `opa test`, runs every test_* rule of every .rego under DIR (default config/controls)
# and prints PASS/FAIL per test, load errors with file and line, and a summary. Exit 0 all pass, 1 otherwise.
case "${1:-}" in
  eval) ;;
  test) [ $# -ge 2 ] || set -- test "$AISPM_ROOT/config/controls" ;;
  *)
    echo "usage: ./aispm controls eval --control FILE --input FILE [--data FILE] [--json] | ./aispm controls test [DIR]" >&2
    exit 2
    ;;
esac
dotnet build "$AISPM_ROOT/admin/AiSpm.Rego.Cli/AiSpm.Rego.Cli.csproj" -c Release -nologo -v:q >/dev/null
exec dotnet "$AISPM_ROOT/admin/AiSpm.Rego.Cli/bin/Release/net10.0/aispm-rego.dll" controls "$@"
