package aispm.controls.litellm_unapproved_model_test

import rego.v1

import data.aispm.controls.litellm_unapproved_model as control

approved := {"approved_models": ["claude-sonnet", "openai/gpt-4o"]}

# A route as the scanner maps GET /model/info: the entries sharing one model_name, secrets redacted, PascalCased.
claude_sonnet := {"Deployments": [
	{
		"Model_name": "claude-sonnet",
		"Litellm_params": {"Model": "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "Aws_region_name": "us-east-1", "Aws_secret_access_key": "[redacted]"},
		"Model_info": {"Id": "d2"},
	},
	{
		"Model_name": "claude-sonnet",
		"Litellm_params": {"Model": "anthropic/claude-3-5-sonnet-20240620", "Api_key": "[redacted]"},
		"Model_info": {"Id": "d3"},
	},
]}

gpt := {"Deployments": [{"Model_name": "gpt-4o", "Litellm_params": {"Model": "openai/gpt-4o", "Api_key": "[redacted]"}, "Model_info": {"Id": "d1", "Db_model": false}}]}

mistral := {"Deployments": [{"Model_name": "mistral", "Litellm_params": {"Model": "mistral/mistral-large-latest", "Api_key": "[redacted]"}, "Model_info": {"Id": "d4"}}]}

test_passing_by_name if {
	count(control.deny) == 0 with input as claude_sonnet with data.aispm.config as approved
}

test_passing_by_provider_model if {
	count(control.deny) == 0 with input as gpt with data.aispm.config as approved
}

test_passing_without_allowlist if {
	count(control.deny) == 0 with input as mistral with data.aispm.config as {}
}

test_failing_unlisted if {
	control.deny == {"model mistral (mistral/mistral-large-latest) is not on the approved list"} with input as mistral
		with data.aispm.config as approved
}

test_failing_one_deployment_of_a_name if {
	control.deny == {"model claude-sonnet (anthropic/claude-3-5-sonnet-20240620) is not on the approved list"} with input as claude_sonnet
		with data.aispm.config as {"approved_models": ["bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"]}
}
