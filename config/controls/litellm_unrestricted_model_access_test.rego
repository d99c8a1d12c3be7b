package aispm.controls.litellm_unrestricted_model_access_test

import rego.v1

import data.aispm.controls.litellm_unrestricted_model_access as control

# An entry of GET /key/list?return_full_object=true as the scanner maps it (token redacted, aispmAllModels added).
sales_bot := {
	"Token": "[redacted]", "Key_name": "sk-...1234", "Key_alias": "sales-bot", "Spend": 12.5, "Max_budget": 100.0,
	"Expires": "2026-01-01T00:00:00Z", "Models": ["gpt-4o"], "Team_id": "team-sales", "User_id": "u1", "Metadata": {},
	"Budget_duration": "30d", "AispmAllModels": false,
}

everything := {
	"Token": "[redacted]", "Key_name": "sk-...9999", "Key_alias": "everything", "Spend": 0.0, "Max_budget": null,
	"Expires": null, "Models": [], "Team_id": null, "Metadata": {}, "AispmAllModels": true,
}

# GET /team/list entries, PascalCased, as data.aispm.assets.teams[team_id].
scoped_team := {"team-sales": {"Team_id": "team-sales", "Team_alias": "group-sales", "Models": ["gpt-4o", "claude-sonnet"], "Max_budget": 500.0}}

open_team := {"team-sales": {"Team_id": "team-sales", "Team_alias": "group-sales", "Models": [], "Max_budget": 500.0}}

test_passing_listed_models if {
	count(control.deny) == 0 with input as sales_bot with data.aispm.assets.teams as scoped_team
}

test_passing_inherits_scoped_team if {
	count(control.deny) == 0 with input as object.union(sales_bot, {"Models": []}) with data.aispm.assets.teams as scoped_team
}

test_failing_no_models_no_team if {
	control.deny == {"key everything lists no models and belongs to no team, so it may call every model on the proxy"} with input as everything
}

test_failing_all_proxy_models if {
	control.deny == {"key sales-bot is granted every model on the proxy (all-proxy-models)"} with input as object.union(sales_bot, {"Models": ["all-proxy-models"]})
		with data.aispm.assets.teams as scoped_team
}

test_failing_through_open_team if {
	control.deny == {"key sales-bot may call every model on the proxy through team group-sales, which lists no models"} with input as object.union(sales_bot, {"Models": ["all-team-models"]})
		with data.aispm.assets.teams as open_team
}
