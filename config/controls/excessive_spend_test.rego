package aispm.controls.excessive_spend_test

import rego.v1

import data.aispm.controls.excessive_spend as control

# /key/info answers, PascalCased (first letter only: LiteLLM's snake_case stays).
within := {"Key_alias": "rfp-qualifier-key", "Key_name": "sk-...demo", "Team_id": "team-group-sales", "Models": ["claude-sonnet"], "Max_budget": 50.0, "Spend": 3.0}

over := {"Key_alias": "sales-ops", "Key_name": "sk-...ops", "Team_id": "team-group-sales", "Models": [], "Max_budget": 10.0, "Spend": 12.5}

teams := {"team-group-sales": {"Team_id": "team-group-sales", "Team_alias": "group-sales", "Max_budget": 500.0, "Spend": 40.0}}

test_passing_within_budget if {
	count(control.deny) == 0 with input as within with data.aispm.assets.teams as teams with data.aispm.config as {}
}

test_failing_over_key_budget if {
	count(control.deny) == 1 with input as over with data.aispm.assets.teams as teams with data.aispm.config as {}
}

test_failing_over_team_budget if {
	count(control.deny) == 1 with input as within with data.aispm.assets.teams as {"team-group-sales": {"Max_budget": 20.0, "Spend": 25.0}} with data.aispm.config as {}
}

test_failing_over_baseline if {
	count(control.deny) == 1 with input as within with data.aispm.assets.teams as teams with data.aispm.config as {"spend_baselines": {"rfp-qualifier-key": 0.5}}
}

test_passing_no_budget_no_baseline if {
	count(control.deny) == 0 with input as {"Key_alias": "open", "Spend": 1000.0, "Max_budget": null} with data.aispm.assets.teams as {} with data.aispm.config as {}
}
