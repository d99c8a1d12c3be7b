# METADATA
# title: Bedrock agent has a dedicated execution role
# description: >-
#   Each Bedrock agent should run as its own role: a role shared with another agent gives each agent the other's
#   permissions. The other users of the role are found through the inventory's edges into it
#   (data.aispm.edges_to[roleArn], `assumes_role` edges from agents) and read from data.aispm.by_id (GetAgent's agent
#   object, PascalCased): a lookup, not a scan of every agent, so the control stays linear in the size of the estate.
# custom:
#   id: AISPM-BEDROCK-AGENT-003
#   severity: medium
#   resource_kind: agent
#   frameworks:
#     - owasp-agentic:ASI03
#     - owasp-llm:LLM06
#     - nist-ai-rmf:MANAGE-2.2
#   prowler: bedrock_agent_role_not_shared_across_agents
#   remediation: |
#     Console: IAM > Roles > Create role (trusted entity bedrock.amazonaws.com) with only this agent's permissions;
#     Amazon Bedrock > Agents > (agent) > Edit > Agent resource role: the new role.
#     AWS CLI: `aws bedrock-agent update-agent --agent-id ID --agent-name NAME --foundation-model MODEL
#     --agent-resource-role-arn arn:aws:iam::ACCOUNT:role/AmazonBedrockExecutionRoleForAgents_NAME`
package aispm.controls.bedrock_agent_role_not_shared

import rego.v1

deny contains msg if {
	some edge in data.aispm.edges_to[input.AgentResourceRoleArn]
	edge.Type == "assumes_role"
	other := data.aispm.by_id[edge.From]
	other.AgentId != input.AgentId
	other.AgentResourceRoleArn == input.AgentResourceRoleArn
	msg := sprintf("agent %s shares role %s with agent %s", [input.AgentName, input.AgentResourceRoleArn, other.AgentName])
}
