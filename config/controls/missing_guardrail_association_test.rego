package aispm.controls.missing_guardrail_association_test

import rego.v1

import data.aispm.controls.missing_guardrail_association as control

# /model/info answers of one route, PascalCased (first letter only).
guarded := {"Deployments": [{"Model_name": "claude-sonnet", "Litellm_params": {"Model": "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "Guardrails": ["aispm"]}, "Model_info": {"Id": "m1"}}]}

bare := {"Deployments": [{"Model_name": "gpt-4o", "Litellm_params": {"Model": "openai/gpt-4o"}, "Model_info": {"Id": "m2"}}]}

required := {"require_guardrail_association": true}

test_passing_guardrail_on_deployment if {
	count(control.deny) == 0 with input as guarded with data.aispm.config as required with data.aispm.assets as {} with data.aispm.resource as {"Name": "claude-sonnet"}
}

test_failing_no_guardrail if {
	count(control.deny) == 1 with input as bare with data.aispm.config as required with data.aispm.assets as {} with data.aispm.resource as {"Name": "gpt-4o"}
}

test_passing_default_on_proxy_guardrail if {
	count(control.deny) == 0 with input as bare with data.aispm.config as required with data.aispm.resource as {"Name": "gpt-4o"}
		with data.aispm.assets as {"guardrails": {"aispm": {"Guardrail_name": "aispm", "Litellm_params": {"Guardrail": "generic_guardrail_api", "Mode": "pre_call", "Default_on": true}}}}
}

test_passing_not_required if {
	count(control.deny) == 0 with input as bare with data.aispm.config as {} with data.aispm.assets as {} with data.aispm.resource as {"Name": "gpt-4o"}
}
