# METADATA
# title: AgentCore runtime runs in VPC network mode
# description: An AgentCore agent runtime (GetAgentRuntime) must use networkConfiguration.networkMode VPC, with subnets, not PUBLIC.
# custom:
#   id: AISPM-AGENTCORE-001
#   severity: medium
#   resource_kind: agent_runtime
#   frameworks:
#     - owasp-agentic:ASI02
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     Console: Amazon Bedrock AgentCore > Runtime > (runtime) > Update hosting > Network configuration: VPC, choose subnets and security groups.
#     AWS CLI: `aws bedrock-agentcore-control update-agent-runtime --agent-runtime-id ID --agent-runtime-artifact file://artifact.json
#     --role-arn ROLE --network-configuration 'networkMode=VPC,networkModeConfig={subnets=[subnet-1],securityGroups=[sg-1]}'`
package aispm.controls.agentcore_runtime_vpc

import rego.v1

deny contains msg if {
	input.NetworkConfiguration.NetworkMode != "VPC"
	msg := sprintf("agent runtime %s runs in %s network mode, not VPC", [input.AgentRuntimeName, input.NetworkConfiguration.NetworkMode])
}

deny contains msg if {
	not input.NetworkConfiguration.NetworkMode
	msg := sprintf("agent runtime %s has no network configuration", [input.AgentRuntimeName])
}

deny contains msg if {
	input.NetworkConfiguration.NetworkMode == "VPC"
	count(object.get(input.NetworkConfiguration, ["NetworkModeConfig", "Subnets"], [])) == 0
	msg := sprintf("agent runtime %s is in VPC mode without subnets", [input.AgentRuntimeName])
}
