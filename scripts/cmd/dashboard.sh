# ./aispm dashboard: a fresh one-time sign-in URL for the dashboard of the admin service ./aispm up started (local
# auth), once the one printed at start was used or expired. Asks the admin with the admin token it printed.
out="${AISPM_RUN_DIR:-$AISPM_ROOT/.run}/admin.out"
[ -f "$out" ] || die "no running admin service found (.run/admin.out): start it with ./aispm up"
admin_url=$(sed -n 's/^admin: //p' "$out" | head -1)
token=$(sed -n 's/^admin-token: //p' "$out" | head -1)
[ -n "$admin_url" ] && [ -n "$token" ] || die "the admin service did not print its URL and token (local auth only)"
answer=$(curl -sf -X POST -H "Authorization: Bearer $token" "$admin_url/spm/api/session/codes") \
  || die "the admin service at $admin_url refused or is not running"
url=$(printf '%s' "$answer" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).url))')
echo "dashboard: $url"
