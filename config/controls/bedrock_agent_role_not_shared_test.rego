package aispm.controls.bedrock_agent_role_not_shared_test

import rego.v1

import data.aispm.controls.bedrock_agent_role_not_shared as control

support := {"AgentId": "AG1", "AgentName": "support", "AgentStatus": "PREPARED", "AgentResourceRoleArn": "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support"}

billing := {"AgentId": "AG2", "AgentName": "billing", "AgentStatus": "PREPARED", "AgentResourceRoleArn": "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_billing"}

test_passing_own_role if count(control.deny) == 0 with input as support with data.aispm.assets.agents as {"AG1": support, "AG2": billing}

test_failing_shared_role if {
	control.deny == {"agent support shares role arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support with agent billing"} with input as support with data.aispm.assets.agents as {"AG1": support, "AG2": object.union(billing, {"AgentResourceRoleArn": support.AgentResourceRoleArn})}
}
