# METADATA
# title: Bedrock agent's execution role is least privilege
# description: >-
#   The role a Bedrock agent runs as (agentResourceRoleArn) must not allow every action (`*`), must not allow
#   iam:PassRole on every resource, and must not have the AmazonBedrockFullAccess managed policy. The role's policies are
#   read from data.aispm.assets.roles[roleArn] (shape in lib/aispm.rego); a role missing from the inventory is not judged.
# custom:
#   id: AISPM-BEDROCK-AGENT-002
#   severity: high
#   resource_kind: agent
#   frameworks:
#     - owasp-llm:LLM06
#     - owasp-agentic:ASI03
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0053
#   prowler: bedrock_agent_role_least_privilege
#   remediation: |
#     Console: IAM > Roles > (the agent's role) > Permissions: detach AmazonBedrockFullAccess and replace `*` statements with
#     bedrock:InvokeModel on the agent's model ARN and the actions its action groups need.
#     AWS CLI: `aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/AmazonBedrockFullAccess`;
#     `aws iam put-role-policy --role-name ROLE --policy-name least-privilege --policy-document file://policy.json`
package aispm.controls.bedrock_agent_role_least_privilege

import rego.v1

import data.aispm.lib

deny contains msg if {
	some s in allow_statements
	"*" in lib.as_list(s.Action)
	msg := sprintf("agent %s: role %s allows every action (*)", [input.AgentName, input.AgentResourceRoleArn])
}

deny contains msg if {
	some s in allow_statements
	some action in lib.as_list(s.Action)
	lower(action) in {"iam:passrole", "iam:*"}
	"*" in lib.as_list(s.Resource)
	msg := sprintf("agent %s: role %s allows iam:PassRole on every resource", [input.AgentName, input.AgentResourceRoleArn])
}

deny contains msg if {
	some arn in role.AttachedPolicyArns
	endswith(arn, ":policy/AmazonBedrockFullAccess")
	msg := sprintf("agent %s: role %s has AmazonBedrockFullAccess", [input.AgentName, input.AgentResourceRoleArn])
}

role := data.aispm.assets.roles[input.AgentResourceRoleArn]

allow_statements contains s if {
	some s in role.Statements
	s.Effect == "Allow"
}
