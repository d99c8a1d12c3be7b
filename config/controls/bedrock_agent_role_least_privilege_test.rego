package aispm.controls.bedrock_agent_role_least_privilege_test

import rego.v1

import data.aispm.controls.bedrock_agent_role_least_privilege as control

role_arn := "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support"

agent := {"AgentId": "AG1", "AgentName": "support", "AgentStatus": "PREPARED", "AgentResourceRoleArn": role_arn}

test_passing_scoped_role if {
	count(control.deny) == 0 with input as agent with data.aispm.assets.roles as {role_arn: {
		"AttachedPolicyArns": [],
		"Statements": [{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"}],
	}}
}

test_failing_star_passrole_and_full_access if {
	count(control.deny) == 3 with input as agent with data.aispm.assets.roles as {role_arn: {
		"AttachedPolicyArns": ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"],
		"Statements": [
			{"Effect": "Allow", "Action": "*", "Resource": "*"},
			{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ["*"]},
		],
	}}
}

test_failing_passrole_only if {
	count(control.deny) == 1 with input as agent with data.aispm.assets.roles as {role_arn: {"Statements": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}}
}
