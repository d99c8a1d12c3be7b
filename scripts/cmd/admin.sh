# ./aispm admin [args]: build and run the admin service alone (SQLite under .data/admin, local auth by default).
# Any argument is passed through, e.g. --listen http://127.0.0.1:8090, --no-auth, --config admin.json,
# --storage:provider=dynamodb --storage:dynamoServiceUrl=http://127.0.0.1:4567.
log "building the admin service (Release)"
dotnet build "$AISPM_ROOT/admin/AiSpm.Admin/AiSpm.Admin.csproj" -c Release -nologo -v:q >/dev/null
build_dashboard
umask 077  # the database and its folder are owner-only
mkdir -p "$AISPM_ROOT/.data"
exec dotnet "$AISPM_ROOT/admin/AiSpm.Admin/bin/Release/net10.0/AiSpm.Admin.dll" --data "$AISPM_ROOT/.data/admin" "$@"
