# ./aispm build
ensure_prereqs
dotnet build "$AISPM_ROOT/AiSpm.sln" -c Release -nologo -v:q "$@"
build_dashboard
