# METADATA
# title: LiteLLM key is covered by a guardrail
# description: >-
#   Traffic on a LiteLLM virtual key (GET /key/list entry as the scanner maps it, first letters upper-cased) must pass a
#   guardrail: one named on the key (`guardrails`, or `metadata.guardrails`), one named on its team
#   (data.aispm.assets.teams[team_id]), a guardrail the proxy runs by default (an edge key -authenticates_with-> proxy
#   -has_guardrail-> guardrail whose `litellm_params.default_on` is true, from GET /guardrails/list), or the AiSpm
#   gateway in front of the proxy (data.aispm.config.aispm_gateway_in_path: true).
# custom:
#   id: missing_guardrails
#   severity: high
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-llm:LLM01
#     - owasp-llm:LLM02
#     - owasp-agentic:ASI01
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     LiteLLM config (`config.yaml`): add a guardrail with `default_on: true`, or name guardrails per key:
#     `curl -X POST $LITELLM/key/update -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json'
#     -d '{"key":"sk-...","guardrails":["presidio-pii","prompt-injection"]}'`
#     Or route the application through the AiSpm gateway and set `aispm_gateway_in_path: true` in the AiSpm config.
package aispm.controls.litellm_missing_guardrails

import rego.v1

deny contains msg if {
	not guarded
	msg := sprintf("key %s has no guardrail: none on the key, on its team or on by default on the proxy, and no AiSpm gateway in its path", [key_name])
}

guarded if count(object.get(input, "Guardrails", [])) > 0

guarded if count(object.get(input, ["Metadata", "Guardrails"], [])) > 0

guarded if count(object.get(data.aispm.assets.teams, [input.Team_id, "Metadata", "Guardrails"], [])) > 0

guarded if {
	some auth in data.aispm.edges_from[data.aispm.resource.Id]
	auth.Type == "authenticates_with"
	some edge in data.aispm.edges_from[auth.To]
	edge.Type == "has_guardrail"
	data.aispm.by_id[edge.To].Litellm_params.Default_on == true
}

guarded if data.aispm.config.aispm_gateway_in_path == true

key_name := object.get(input, "Key_alias", null) if object.get(input, "Key_alias", null) != null

else := object.get(input, "Key_name", "(unnamed)")
