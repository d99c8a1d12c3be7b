# METADATA
# title: Agent, runtime and AI-function roles have least privilege
# description: >-
#   The IAM role an agent, an AgentCore runtime or an AI Lambda function assumes must not allow every action, must not
#   pass any role to any service (iam:PassRole on *), and must not carry AmazonBedrockFullAccess: a hijacked agent acts
#   with exactly these permissions. Judged on the role, so a role shared by several AI workloads is reported once,
#   naming who assumes it; a role no AI workload assumes passes.
# custom:
#   id: excessive_agent_privilege
#   severity: high
#   resource_kind: role
#   frameworks:
#     - owasp-agentic:ASI03
#     - owasp-llm:LLM06
#     - nist-ai-rmf:MANAGE-2.4
#   prowler: iam_policy_allows_privilege_escalation
#   remediation: |
#     Replace wildcard statements with the actions and resources the workload calls, scope iam:PassRole to the roles it
#     must pass (with an iam:PassedToService condition), and detach AmazonBedrockFullAccess.
#     AWS CLI: `aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/AmazonBedrockFullAccess`
#     and `aws iam put-role-policy --role-name ROLE --policy-name scoped --policy-document file://scoped.json`.
#     Terraform (aws_iam_role_policy):
#       statement { actions = ["bedrock:InvokeModel"] resources = [aws_bedrock_foundation_model.claude.arn] }
package aispm.controls.excessive_agent_privilege

import rego.v1

import data.aispm.lib

deny contains msg if {
	count(ai_workloads) > 0
	some s in allow_statements
	"*" in lib.as_list(s.Action)
	msg := sprintf("role %s (assumed by %s) allows every action (*)", [role_name, workloads])
}

deny contains msg if {
	count(ai_workloads) > 0
	some s in allow_statements
	some action in lib.as_list(s.Action)
	lower(action) in {"iam:passrole", "iam:*"}
	"*" in lib.as_list(s.Resource)
	msg := sprintf("role %s (assumed by %s) allows iam:PassRole on every resource", [role_name, workloads])
}

deny contains msg if {
	count(ai_workloads) > 0
	some arn in object.get(input, "AttachedPolicyArns", [])
	endswith(arn, ":policy/AmazonBedrockFullAccess")
	msg := sprintf("role %s (assumed by %s) has AmazonBedrockFullAccess", [role_name, workloads])
}

# The agents (arn:...:agent/ID), AgentCore runtimes (arn:...:runtime/ID) and Lambda functions (arn:...:function:NAME)
# whose assumes_role edges lead to this role.
ai_workloads contains edge.From if {
	some edge in object.get(data.aispm.edges_to, data.aispm.resource.Id, [])
	edge.Type == "assumes_role"
	ai_workload(edge.From)
}

ai_workload(id) if contains(id, ":agent/")

ai_workload(id) if contains(id, ":runtime/")

ai_workload(id) if contains(id, ":function:")

workloads := concat(", ", sort([w | some w in ai_workloads]))

allow_statements contains s if {
	some s in object.get(input, "Statements", [])
	s.Effect == "Allow"
}

role_name := object.get(input, "RoleName", data.aispm.resource.Name)
