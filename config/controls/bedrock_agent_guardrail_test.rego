package aispm.controls.bedrock_agent_guardrail_test

import rego.v1

import data.aispm.controls.bedrock_agent_guardrail as control

# GetAgent's agent object, PascalCased.
agent := {
	"AgentId": "AG1", "AgentName": "support", "AgentArn": "arn:aws:bedrock:eu-west-1:111122223333:agent/AG1",
	"AgentStatus": "PREPARED", "FoundationModel": "anthropic.claude-3-haiku-20240307-v1:0",
	"AgentResourceRoleArn": "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support",
}

test_passing_with_guardrail if {
	count(control.deny) == 0 with input as object.union(agent, {"GuardrailConfiguration": {"GuardrailIdentifier": "gr1", "GuardrailVersion": "1"}})
}

test_failing_without_guardrail if count(control.deny) == 1 with input as agent
