package aispm.controls.excessive_llm_calls_test

import rego.v1

import data.aispm.controls.excessive_llm_calls as control

resource := {"Id": "litellm:key:88dc28d0", "Kind": "key", "Name": "rfp-qualifier-key"}

behaviour(recent, baseline, days) := {"assets": {"litellm:key:88dc28d0": {
	"Recent": {"Days": 1, "Requests": recent, "CallsPerDay": recent},
	"Baseline": {"Days": days, "Requests": baseline * days, "CallsPerDay": baseline},
}}}

test_passing_near_baseline if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(260, 200, 27) with data.aispm.config as {}
}

test_failing_five_times_baseline if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(1000, 200, 27) with data.aispm.config as {}
}

test_passing_under_a_looser_factor if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(1000, 200, 27) with data.aispm.config as {"call_baseline_factor": 10}
}

test_passing_without_a_baseline_yet if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(1000, 200, 0.5) with data.aispm.config as {}
}
