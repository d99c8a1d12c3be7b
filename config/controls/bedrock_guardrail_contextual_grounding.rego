# METADATA
# title: Bedrock guardrail checks contextual grounding
# description: >-
#   A Bedrock guardrail must have an enabled contextual grounding check (GROUNDING) so that answers not supported by the
#   retrieved sources (hallucinations) are blocked.
# custom:
#   id: AISPM-BEDROCK-GUARDRAIL-003
#   severity: medium
#   resource_kind: guardrail
#   resource_id: "arn:aws:bedrock:*:guardrail/*"
#   frameworks:
#     - owasp-llm:LLM09
#     - nist-ai-rmf:MEASURE-2.5
#   prowler: bedrock_guardrail_contextual_grounding_filter_enabled
#   remediation: |
#     Console: Amazon Bedrock > Guardrails > (guardrail) > Edit > Contextual grounding check > Grounding: on, threshold 0.7+.
#     AWS CLI: `aws bedrock update-guardrail --guardrail-identifier ID ... --contextual-grounding-policy-config
#     'filtersConfig=[{type=GROUNDING,threshold=0.75},{type=RELEVANCE,threshold=0.75}]'`
package aispm.controls.bedrock_guardrail_contextual_grounding

import rego.v1

deny contains msg if {
	not grounding_on
	msg := sprintf("guardrail %s has no enabled contextual grounding check", [input.Name])
}

grounding_on if {
	some f in input.ContextualGroundingPolicy.Filters
	upper(f.Type) == "GROUNDING"
	object.get(f, "Enabled", true) == true
}
