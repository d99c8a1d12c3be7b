package aispm.controls.litellm_overprivileged_key_test

import rego.v1

import data.aispm.controls.litellm_overprivileged_key as control

# GET /key/info's `info`, first letters upper-cased.
scoped := {
	"Key_name": "sk-...Ab12", "Key_alias": "support-bot", "Spend": 3.2, "Max_budget": 50, "Budget_duration": "30d",
	"Expires": "2027-03-01T00:00:00Z", "Models": ["claude-3-haiku"], "Team_id": null, "User_id": "alice",
}

test_passing_scoped_key if count(control.deny) == 0 with input as scoped

test_passing_team_budget if {
	count(control.deny) == 0 with input as object.union(scoped, {"Max_budget": null, "Team_id": "t1"}) with data.aispm.assets.teams as {"t1": {"Team_alias": "support", "Max_budget": 500}}
}

test_failing_all_models_no_budget_no_expiry if {
	control.deny == {"key admin may call every model", "key admin has no budget", "key admin never expires"} with input as {
		"Key_name": "sk-...Zz99", "Key_alias": "admin", "Spend": 0, "Max_budget": null, "Expires": null, "Models": [], "Team_id": null,
	}
}

test_failing_all_proxy_models if {
	control.deny == {"key support-bot may call every model"} with input as object.union(scoped, {"Models": ["all-proxy-models"]})
}
