# METADATA
# title: LiteLLM key spend stays within its budget and baseline
# description: >-
#   A LiteLLM key whose spend is over its own max_budget, whose team's spend is over the team's max_budget, or whose
#   spend is over its configured baseline (data.aispm.config.spend_baselines[alias]) times a factor
#   (data.aispm.config.spend_baseline_factor, default 3.0) is a runaway agent, a leaked key or a loop.
# custom:
#   id: excessive_spend
#   severity: medium
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-llm:LLM10
#     - owasp-agentic:ASI08
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     Find what drives the spend (LiteLLM `GET /spend/logs?api_key=KEY`), block the key while you look
#     (`POST /key/block {"key": "KEY"}`), then set a budget and a reset period:
#     `POST /key/update {"key": "KEY", "max_budget": 50, "budget_duration": "30d"}`.
package aispm.controls.excessive_spend

import rego.v1

deny contains msg if {
	is_number(input.Max_budget)
	spend > input.Max_budget
	msg := sprintf("key %s spent %v, over its budget of %v", [key_name, spend, input.Max_budget])
}

deny contains msg if {
	team := data.aispm.assets.teams[input.Team_id]
	is_number(team.Max_budget)
	object.get(team, "Spend", 0) > team.Max_budget
	msg := sprintf("key %s: team %s spent %v, over its budget of %v", [key_name, input.Team_id, object.get(team, "Spend", 0), team.Max_budget])
}

deny contains msg if {
	baseline := data.aispm.config.spend_baselines[key_name]
	is_number(baseline)
	baseline > 0
	spend > baseline * factor
	msg := sprintf("key %s spent %v, over %v times its baseline of %v", [key_name, spend, factor, baseline])
}

spend := object.get(input, "Spend", 0)

factor := object.get(data.aispm.config, "spend_baseline_factor", 3)

key_name := object.get(input, "Key_alias", null) if object.get(input, "Key_alias", null) != null

else := object.get(input, "Key_name", "(unnamed)")
