package aispm.controls.unexpected_dependency_test

import rego.v1

import data.aispm.controls.unexpected_dependency as control

resource := {"Id": "aws:service:123456789012/AWS::Lambda/rfp-qualifier", "Kind": "service", "Name": "rfp-qualifier"}

behaviour(callees) := {"assets": {"aws:service:123456789012/AWS::Lambda/rfp-qualifier": {"Sources": ["xray"], "Calls": [
{"To": sprintf("aws:service:%s", [c]), "Name": c} |
	some c in callees
]}}}

config := {"expected_dependencies": {"rfp-qualifier": ["bedrock-runtime", "rfp-menus"]}}

test_passing_expected_calls_only if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(["bedrock-runtime", "rfp-menus"]) with data.aispm.config as config
}

test_failing_new_callee if {
	count(control.deny) == 1 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(["bedrock-runtime", "pastebin.com"]) with data.aispm.config as config
}

test_passing_without_an_expectation if {
	count(control.deny) == 0 with data.aispm.resource as resource with data.aispm.behaviour as behaviour(["pastebin.com"]) with data.aispm.config as {}
}
