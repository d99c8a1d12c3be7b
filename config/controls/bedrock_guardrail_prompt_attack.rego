# METADATA
# title: Bedrock guardrail blocks prompt attacks at HIGH strength
# description: >-
#   A Bedrock guardrail must have the PROMPT_ATTACK content filter on input at HIGH strength; lower strengths let
#   jailbreaks and prompt injections through. The rule is KINTO's published Sysdig control, unchanged.
# custom:
#   id: AISPM-BEDROCK-GUARDRAIL-001
#   severity: high
#   resource_kind: guardrail
#   resource_id: "arn:aws:bedrock:*:guardrail/*"
#   frameworks:
#     - owasp-llm:LLM01
#     - owasp-agentic:ASI01
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0051
#   prowler: bedrock_guardrail_prompt_attack_filter_enabled
#   remediation: |
#     Console: Amazon Bedrock > Guardrails > (guardrail) > Edit > Content filters > Prompt attacks: on, strength High.
#     AWS CLI: `aws bedrock update-guardrail --guardrail-identifier ID --name NAME --blocked-input-messaging MSG
#     --blocked-outputs-messaging MSG --content-policy-config
#     'filtersConfig=[{type=PROMPT_ATTACK,inputStrength=HIGH,outputStrength=NONE}]'`
#     Terraform (aws_bedrock_guardrail):
#       content_policy_config { filters_config { type = "PROMPT_ATTACK" input_strength = "HIGH" output_strength = "NONE" } }
package aispm.controls.bedrock_guardrail_prompt_attack

import future.keywords

default risky := true
risky := false if {
	some filter in input.ContentPolicy.Filters
    lower(filter.Type) == "prompt_attack"
    lower(filter.InputStrength) == "high"
}
