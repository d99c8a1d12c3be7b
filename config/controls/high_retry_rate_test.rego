package aispm.controls.high_retry_rate_test

import rego.v1

import data.aispm.controls.high_retry_rate as control

resource := {"Id": "litellm:key:88dc28d0", "Kind": "key", "Name": "rfp-qualifier-key"}

behaviour(requests, limited, errors) := {"assets": {"litellm:key:88dc28d0": {"Recent": {
	"Days": 1, "Requests": requests, "RateLimited": limited, "ServerErrors": errors,
	"RetryRatio": (limited + errors) / requests,
}}}}

test_passing_few_retries if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(400, 6, 2) with data.aispm.config as {}
}

test_failing_many_rate_limited if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(400, 150, 10) with data.aispm.config as {}
}

test_passing_too_few_requests_to_judge if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(5, 4, 0) with data.aispm.config as {}
}

test_failing_under_a_stricter_limit if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(400, 30, 0) with data.aispm.config as {"retry_ratio_max": 0.05}
}
