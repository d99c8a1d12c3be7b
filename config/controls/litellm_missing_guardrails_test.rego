package aispm.controls.litellm_missing_guardrails_test

import rego.v1

import data.aispm.controls.litellm_missing_guardrails as control

# An entry of GET /key/list?return_full_object=true as the scanner maps it (token redacted, aispmAllModels added).
sales_bot := {
	"Token": "[redacted]", "Key_name": "sk-...1234", "Key_alias": "sales-bot", "Spend": 12.5, "Max_budget": 100.0,
	"Expires": "2026-01-01T00:00:00Z", "Models": ["gpt-4o"], "Team_id": "team-sales", "User_id": "u1", "Metadata": {},
	"Budget_duration": "30d", "AispmAllModels": false,
}

key_id := "litellm:key:88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b"

# The proxy and its GET /guardrails/list entry, as the inventory gives them.
edges_from := {
	key_id: [{"From": key_id, "To": "litellm:gateway:proxy", "Type": "authenticates_with"}],
	"litellm:gateway:proxy": [{"From": "litellm:gateway:proxy", "To": "litellm:guardrail:presidio-pii", "Type": "has_guardrail"}],
}

presidio(default_on) := {"litellm:guardrail:presidio-pii": {
	"Guardrail_name": "presidio-pii",
	"Litellm_params": {"Guardrail": "presidio", "Mode": "pre_call", "Default_on": default_on},
	"Guardrail_info": {},
}}

test_passing_default_on_proxy_guardrail if {
	count(control.deny) == 0 with input as sales_bot with data.aispm.resource as {"Id": key_id}
		with data.aispm.edges_from as edges_from
		with data.aispm.by_id as presidio(true)
}

test_passing_key_guardrails if {
	count(control.deny) == 0 with input as object.union(sales_bot, {"Metadata": {"Guardrails": ["presidio-pii"]}})
		with data.aispm.resource as {"Id": key_id}
}

test_passing_team_guardrails if {
	count(control.deny) == 0 with input as sales_bot with data.aispm.resource as {"Id": key_id}
		with data.aispm.assets.teams as {"team-sales": {"Team_alias": "group-sales", "Metadata": {"Guardrails": ["presidio-pii"]}}}
}

test_passing_behind_aispm_gateway if {
	count(control.deny) == 0 with input as sales_bot with data.aispm.resource as {"Id": key_id}
		with data.aispm.config as {"aispm_gateway_in_path": true}
}

test_failing_guardrail_not_on_by_default if {
	control.deny == {"key sales-bot has no guardrail: none on the key, on its team or on by default on the proxy, and no AiSpm gateway in its path"} with input as sales_bot
		with data.aispm.resource as {"Id": key_id}
		with data.aispm.edges_from as edges_from
		with data.aispm.by_id as presidio(false)
}
