package aispm.controls.missing_trace_propagation_test

import rego.v1

import data.aispm.controls.missing_trace_propagation as control

resource := {"Id": "litellm:key:88dc28d0", "Kind": "key", "Name": "rfp-qualifier-key"}

behaviour(requests, share) := {"assets": {"litellm:key:88dc28d0": {"Recent": {"Days": 1, "Requests": requests, "TraceparentShare": share}}}}

test_passing_traced if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(300, 0.98) with data.aispm.config as {}
}

test_failing_untraced if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(300, 0) with data.aispm.config as {}
}

test_passing_too_few_requests_to_judge if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(3, 0) with data.aispm.config as {}
}

test_passing_no_recent_traffic if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as {"assets": {"litellm:key:88dc28d0": {"Recent": {"Days": 1, "Requests": 0, "TraceparentShare": null}}}} with data.aispm.config as {}
}
