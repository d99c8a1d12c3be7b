package aispm.controls.excessive_agent_privilege_test

import rego.v1

import data.aispm.controls.excessive_agent_privilege as control

role_arn := "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_pricing"

agent_arn := "arn:aws:bedrock:us-east-1:111122223333:agent/PRICINGAG1"

# GetRole with its policies resolved to statements, as discovery stores it (PascalCased).
scoped_role := {
	"RoleName": "AmazonBedrockExecutionRoleForAgents_pricing",
	"Arn": role_arn,
	"AttachedPolicyArns": [],
	"Statements": [{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"}],
}

wide_role := {
	"RoleName": "AmazonBedrockExecutionRoleForAgents_pricing",
	"Arn": role_arn,
	"AttachedPolicyArns": ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"],
	"Statements": [
		{"Effect": "Allow", "Action": "*", "Resource": "*"},
		{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ["*"]},
	],
}

assumed_by_agent := {role_arn: [{"From": agent_arn, "To": role_arn, "Type": "assumes_role"}]}

resource := {"Id": role_arn, "Kind": "role", "Name": "AmazonBedrockExecutionRoleForAgents_pricing"}

test_passing_scoped_role if {
	count(control.deny) == 0 with input as scoped_role with data.aispm.edges_to as assumed_by_agent with data.aispm.resource as resource
}

test_failing_star_passrole_and_full_access if {
	count(control.deny) == 3 with input as wide_role with data.aispm.edges_to as assumed_by_agent with data.aispm.resource as resource
}

test_passing_wide_role_no_ai_workload_assumes if {
	count(control.deny) == 0 with input as wide_role with data.aispm.edges_to as {} with data.aispm.resource as resource
}
