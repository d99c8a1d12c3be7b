package aispm.controls.latency_anomaly_test

import rego.v1

import data.aispm.controls.latency_anomaly as control

resource := {"Id": "litellm:route:claude-sonnet", "Kind": "route", "Name": "claude-sonnet"}

behaviour(recent_p99, baseline_p99) := {"assets": {"litellm:route:claude-sonnet": {
	"Recent": {"Days": 1, "Requests": 900, "LatencyP99Ms": recent_p99},
	"Baseline": {"Days": 27, "Requests": 24000, "LatencyP99Ms": baseline_p99},
}}}

test_passing_steady_latency if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(2100, 1800) with data.aispm.config as {}
}

test_failing_latency_quadrupled if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(7400, 1800) with data.aispm.config as {}
}

test_failing_under_a_tighter_factor if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(4000, 1800) with data.aispm.config as {"latency_factor": 2}
}
