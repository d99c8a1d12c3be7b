package aispm.controls.stale_agent_test

import rego.v1

import data.aispm.controls.stale_agent as control

resource := {"Id": "litellm:key:88dc28d0", "Kind": "key", "Name": "rfp-qualifier-key"}

behaviour(idle, last) := {"assets": {"litellm:key:88dc28d0": {"Sources": ["traffic"], "LastSeen": last, "IdleDays": idle}}}

test_passing_seen_yesterday if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(1.2, "2026-12-06T02:00:00Z") with data.aispm.config as {}
}

test_failing_idle_three_weeks if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(21, "2026-11-16T09:00:00Z") with data.aispm.config as {}
}

test_failing_never_seen_past_configured_days if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(8, null) with data.aispm.config as {"stale_days": 7}
}

test_passing_without_traffic_data if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as {} with data.aispm.config as {}
}
