package aispm.controls.bedrock_guardrail_contextual_grounding_test

import rego.v1

import data.aispm.controls.bedrock_guardrail_contextual_grounding as control

test_passing_grounding_on if {
	count(control.deny) == 0 with input as {"Name": "g", "ContextualGroundingPolicy": {"Filters": [
		{"Type": "GROUNDING", "Threshold": 0.75, "Action": "BLOCK", "Enabled": true},
		{"Type": "RELEVANCE", "Threshold": 0.5, "Action": "BLOCK", "Enabled": true},
	]}}
}

test_failing_only_relevance if {
	count(control.deny) == 1 with input as {"Name": "g", "ContextualGroundingPolicy": {"Filters": [{"Type": "RELEVANCE", "Threshold": 0.5}]}}
}

test_failing_grounding_disabled if {
	count(control.deny) == 1 with input as {"Name": "g", "ContextualGroundingPolicy": {"Filters": [{"Type": "GROUNDING", "Threshold": 0.7, "Enabled": false}]}}
}
