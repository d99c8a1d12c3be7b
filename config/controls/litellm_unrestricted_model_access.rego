# METADATA
# title: LiteLLM key cannot call every model on the proxy
# description: >-
#   A LiteLLM virtual key (an entry of GET /key/list?return_full_object=true as the scanner maps it, first letters
#   upper-cased: `models` -> `Models`, `team_id` -> `Team_id`) whose effective model access is every model on the proxy:
#   it lists `*` or `all-proxy-models`, or it lists nothing (or `all-team-models`) and has no team, or its team
#   (data.aispm.assets.teams[team_id], GET /team/list) itself lists nothing or every model. A key inside a team with a
#   model list inherits that list and passes.
# custom:
#   id: unrestricted_model_access
#   severity: high
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-llm:LLM06
#     - owasp-llm:LLM10
#     - owasp-agentic:ASI02
#     - owasp-agentic:ASI03
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     LiteLLM UI: Virtual Keys > (key) > Edit > Models: choose the models the application needs (or Teams > (team) >
#     Models for every key of the team).
#     LiteLLM API: `curl -X POST $LITELLM/key/update -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json'
#     -d '{"key":"sk-...","models":["claude-3-haiku"]}'`
package aispm.controls.litellm_unrestricted_model_access

import rego.v1

deny contains msg if {
	some m in key_models
	m in {"*", "all-proxy-models"}
	msg := sprintf("key %s is granted every model on the proxy (%s)", [key_name, m])
}

deny contains msg if {
	inherits_team_models
	not has_team
	msg := sprintf("key %s lists no models and belongs to no team, so it may call every model on the proxy", [key_name])
}

deny contains msg if {
	inherits_team_models
	has_team
	every_model(object.get(team, "Models", []))
	msg := sprintf("key %s may call every model on the proxy through team %s, which lists no models", [key_name, object.get(team, "Team_alias", input.Team_id)])
}

key_models := object.get(input, "Models", [])

# LiteLLM: a key with an empty model list, or `all-team-models`, may call what its team may call.
inherits_team_models if count(key_models) == 0

inherits_team_models if "all-team-models" in key_models

has_team if is_object(team)

team := data.aispm.assets.teams[input.Team_id]

every_model(models) if count(models) == 0

every_model(models) if {
	some m in models
	m in {"*", "all-proxy-models"}
}

key_name := object.get(input, "Key_alias", null) if object.get(input, "Key_alias", null) != null

else := object.get(input, "Key_name", "(unnamed)")
