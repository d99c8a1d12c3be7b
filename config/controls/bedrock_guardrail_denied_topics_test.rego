package aispm.controls.bedrock_guardrail_denied_topics_test

import rego.v1

import data.aispm.controls.bedrock_guardrail_denied_topics as control

test_passing_one_topic if {
	count(control.deny) == 0 with input as {"Name": "g", "TopicPolicy": {"Topics": [
		{"Name": "Investment", "Definition": "Investment advice", "Examples": ["Which stock?"], "Type": "DENY"},
	]}}
}

test_failing_no_topic_policy if count(control.deny) == 1 with input as {"Name": "g"}

test_failing_empty_topics if count(control.deny) == 1 with input as {"Name": "g", "TopicPolicy": {"Topics": []}}
