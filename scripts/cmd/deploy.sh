# ./aispm deploy --stack-name NAME --params FILE [--dry-run] [--region REGION] [--s3-bucket BUCKET]
# Validates both CloudFormation templates against the resource specification and the parameter file against them,
# then deploys NAME-edge (target groups, listener rules, CloudFront) and NAME-platform (tables, secrets, Cognito,
# sinks, roles, services) with the AWS CLI. --dry-run prints every command and the rendered parameters, and runs
# none. --s3-bucket packages each template through S3 first (`aws cloudformation package`). See docs/deploy.md.
deploy_usage() { sed -n '1,6p' "$AISPM_ROOT/scripts/cmd/deploy.sh" | sed 's/^# \{0,1\}//' >&2; }

stack="" params="" dry_run=0 region="" bucket=""
while [ $# -gt 0 ]; do
  case "$1" in
    --stack-name) stack="${2:-}"; shift 2 ;;
    --params) params="${2:-}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --region) region="${2:-}"; shift 2 ;;
    --s3-bucket) bucket="${2:-}"; shift 2 ;;
    -h|--help) deploy_usage; exit 0 ;;
    *) deploy_usage; die "deploy: unknown argument '$1'" ;;
  esac
done
[ -n "$stack" ] && [ -n "$params" ] || { deploy_usage; die "deploy: --stack-name and --params are required"; }
# CloudFormation stack names: a letter, then letters, digits and hyphens; "-platform" is appended.
[[ "$stack" =~ ^[A-Za-z][A-Za-z0-9-]{0,118}$ ]] || die "deploy: '$stack' is not a valid stack name"
[ -f "$params" ] || die "deploy: no parameter file $params"

ensure_npm "$AISPM_ROOT/tests/infra"
plan="$(mktemp -d)"
trap 'rm -rf "$plan"' EXIT
log "validating infra/cloudformation/edge.yaml and platform.yaml, and $params"
node "$AISPM_ROOT/scripts/deploy-plan.mjs" --params "$params" --stack-name "$stack" --out "$plan" || die "deploy: validation failed"

aws_base=(aws)
[ -n "$region" ] && aws_base+=(--region "$region")
run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  [ "$dry_run" = 1 ] || "$@"
}
if [ "$dry_run" = 0 ]; then
  command -v aws >/dev/null 2>&1 || die "deploy: the AWS CLI (aws) is not on PATH; --dry-run shows what would run"
fi

for part in edge platform; do
  template="$AISPM_ROOT/infra/cloudformation/$part.yaml"
  mapfile -t overrides <"$plan/$part.params"
  # CloudFormation's own check (needs credentials), on top of the local one above.
  run "${aws_base[@]}" cloudformation validate-template --template-body "file://$template" --query Description --output text
  if [ -n "$bucket" ]; then
    run "${aws_base[@]}" cloudformation package --template-file "$template" --s3-bucket "$bucket" \
      --s3-prefix "aispm/$stack" --output-template-file "$plan/$part.packaged.yaml"
    template="$plan/$part.packaged.yaml"
  fi
  capabilities=()
  [ "$part" = platform ] && capabilities=(--capabilities CAPABILITY_NAMED_IAM)
  run "${aws_base[@]}" cloudformation deploy --stack-name "$stack-$part" --template-file "$template" \
    "${capabilities[@]}" --no-fail-on-empty-changeset --tags app=aispm "stack=$stack" \
    --parameter-overrides "${overrides[@]}"
done
run "${aws_base[@]}" cloudformation describe-stacks --stack-name "$stack-platform" \
  --query "Stacks[0].Outputs[].[OutputKey,OutputValue]" --output text
