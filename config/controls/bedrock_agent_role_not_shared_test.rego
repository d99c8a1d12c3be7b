package aispm.controls.bedrock_agent_role_not_shared_test

import rego.v1

import data.aispm.controls.bedrock_agent_role_not_shared as control

support := {"AgentId": "AG1", "AgentName": "support", "AgentStatus": "PREPARED", "AgentResourceRoleArn": "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support"}

billing := {"AgentId": "AG2", "AgentName": "billing", "AgentStatus": "PREPARED", "AgentResourceRoleArn": "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_billing"}

support_arn := "arn:aws:bedrock:us-east-1:111122223333:agent/AG1"

billing_arn := "arn:aws:bedrock:us-east-1:111122223333:agent/AG2"

# The inventory as the posture evaluation gives it: documents by asset id, edges grouped by their target.
by_id(billing_role) := {support_arn: support, billing_arn: object.union(billing, {"AgentResourceRoleArn": billing_role})}

edges_to(billing_role) := {
	support.AgentResourceRoleArn: [e | some e in edges(billing_role); e.To == support.AgentResourceRoleArn],
	billing_role: [e | some e in edges(billing_role); e.To == billing_role],
}

edges(billing_role) := [
	{"From": support_arn, "To": support.AgentResourceRoleArn, "Type": "assumes_role"},
	{"From": billing_arn, "To": billing_role, "Type": "assumes_role"},
]

test_passing_own_role if {
	count(control.deny) == 0 with input as support with data.aispm.by_id as by_id(billing.AgentResourceRoleArn)
		with data.aispm.edges_to as edges_to(billing.AgentResourceRoleArn)
}

test_failing_shared_role if {
	control.deny == {"agent support shares role arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support with agent billing"} with input as support with data.aispm.by_id as by_id(support.AgentResourceRoleArn)
		with data.aispm.edges_to as edges_to(support.AgentResourceRoleArn)
}
