# METADATA
# title: LiteLLM key is not over-privileged
# description: >-
#   A LiteLLM virtual key (the `info` object of GET /key/info, object keys with their first letter upper-cased: `models` ->
#   `Models`, `max_budget` -> `Max_budget`, `expires` -> `Expires`) must be limited to named models, have a budget (its own,
#   or its team's from data.aispm.assets.teams[team_id].Max_budget) and an expiry. An empty model list, `*` or
#   `all-proxy-models` means every model on the proxy.
# custom:
#   id: overprivileged_key
#   severity: high
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-llm:LLM10
#     - owasp-llm:LLM06
#     - owasp-agentic:ASI03
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     LiteLLM UI: Virtual Keys > (key) > Edit: choose Models, set Max Budget and Expire.
#     LiteLLM API: `curl -X POST $LITELLM/key/update -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json'
#     -d '{"key":"sk-...","models":["claude-3-haiku"],"max_budget":50,"budget_duration":"30d","duration":"90d"}'`
package aispm.controls.litellm_overprivileged_key

import rego.v1

deny contains msg if {
	all_models
	msg := sprintf("key %s may call every model", [key_name])
}

deny contains msg if {
	not budgeted
	msg := sprintf("key %s has no budget", [key_name])
}

deny contains msg if {
	object.get(input, "Expires", null) == null
	msg := sprintf("key %s never expires", [key_name])
}

key_name := object.get(input, "Key_alias", null) if object.get(input, "Key_alias", null) != null

else := object.get(input, "Key_name", "(unnamed)")

all_models if count(object.get(input, "Models", [])) == 0

all_models if {
	some m in input.Models
	m in {"*", "all-proxy-models"}
}

budgeted if is_number(input.Max_budget)

budgeted if is_number(data.aispm.assets.teams[input.Team_id].Max_budget)
