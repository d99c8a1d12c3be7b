# METADATA
# title: Bedrock agent is associated with a guardrail
# description: A Bedrock agent (GetAgent) must have a guardrail (guardrailConfiguration.guardrailIdentifier) applied to its model calls.
# custom:
#   id: AISPM-BEDROCK-AGENT-001
#   severity: high
#   resource_kind: agent
#   frameworks:
#     - owasp-llm:LLM01
#     - owasp-agentic:ASI01
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0051
#   prowler: bedrock_agent_guardrail_enabled
#   remediation: |
#     Console: Amazon Bedrock > Agents > (agent) > Edit in Agent builder > Guardrail details > select a guardrail and version; Prepare.
#     AWS CLI: `aws bedrock-agent update-agent --agent-id ID --agent-name NAME --agent-resource-role-arn ROLE
#     --foundation-model MODEL --guardrail-configuration guardrailIdentifier=GUARDRAIL_ID,guardrailVersion=1`
package aispm.controls.bedrock_agent_guardrail

import rego.v1

import data.aispm.lib

deny contains msg if {
	not lib.present(input.GuardrailConfiguration.GuardrailIdentifier)
	msg := sprintf("agent %s has no guardrail", [input.AgentName])
}
