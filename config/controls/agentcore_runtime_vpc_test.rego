package aispm.controls.agentcore_runtime_vpc_test

import rego.v1

import data.aispm.controls.agentcore_runtime_vpc as control

runtime := {
	"AgentRuntimeArn": "arn:aws:bedrock-agentcore:eu-west-1:111122223333:runtime/support-abc", "AgentRuntimeName": "support",
	"AgentRuntimeId": "support-abc", "AgentRuntimeVersion": "1", "RoleArn": "arn:aws:iam::111122223333:role/AgentCoreRuntime", "Status": "READY",
}

test_passing_vpc if {
	count(control.deny) == 0 with input as object.union(runtime, {"NetworkConfiguration": {"NetworkMode": "VPC", "NetworkModeConfig": {"SecurityGroups": ["sg-1"], "Subnets": ["subnet-1", "subnet-2"]}}})
}

test_failing_public if {
	control.deny == {"agent runtime support runs in PUBLIC network mode, not VPC"} with input as object.union(runtime, {"NetworkConfiguration": {"NetworkMode": "PUBLIC"}})
}
