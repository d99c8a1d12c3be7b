package aispm.controls.litellm_unapproved_model_test

import rego.v1

import data.aispm.controls.litellm_unapproved_model as control

approved := {"approved_models": ["claude-3-haiku", "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"]}

test_passing_by_name if {
	count(control.deny) == 0 with input as {"Model_name": "claude-3-haiku", "Litellm_params": {"Model": "bedrock/anthropic.claude-3-haiku-20240307-v1:0"}, "Model_info": {"Id": "m1"}} with data.aispm.config as approved
}

test_passing_by_provider_model if {
	count(control.deny) == 0 with input as {"Model_name": "sonnet", "Litellm_params": {"Model": "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"}} with data.aispm.config as approved
}

test_failing_unlisted if {
	control.deny == {"model gpt-4o (openai/gpt-4o) is not on the approved list"} with input as {"Model_name": "gpt-4o", "Litellm_params": {"Model": "openai/gpt-4o"}, "Model_info": {"Id": "m2"}} with data.aispm.config as approved
}
