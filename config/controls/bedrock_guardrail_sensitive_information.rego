# METADATA
# title: Bedrock guardrail filters sensitive information
# description: >-
#   A Bedrock guardrail must have a sensitive-information policy (PII entities or regexes) that acts on model output,
#   so that personal data and secrets are blocked or masked before they reach the caller.
# custom:
#   id: AISPM-BEDROCK-GUARDRAIL-002
#   severity: high
#   resource_kind: guardrail
#   resource_id: "arn:aws:bedrock:*:guardrail/*"
#   frameworks:
#     - owasp-llm:LLM02
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0057
#   prowler: bedrock_guardrail_sensitive_information_filter_enabled
#   remediation: |
#     Console: Amazon Bedrock > Guardrails > (guardrail) > Edit > Sensitive information filters > add PII types
#     (e.g. EMAIL, AWS_SECRET_KEY) with Block or Mask on output.
#     AWS CLI: `aws bedrock update-guardrail --guardrail-identifier ID ... --sensitive-information-policy-config
#     'piiEntitiesConfig=[{type=EMAIL,action=ANONYMIZE,outputEnabled=true}]'`
package aispm.controls.bedrock_guardrail_sensitive_information

import rego.v1

deny contains msg if {
	not filters_output
	msg := sprintf("guardrail %s has no sensitive-information filter on output", [input.Name])
}

# A PII entity or regex that acts on output (OutputEnabled absent means enabled, as in the API).
filters_output if {
	some entity in input.SensitiveInformationPolicy.PiiEntities
	output_on(entity)
}

filters_output if {
	some regex in input.SensitiveInformationPolicy.Regexes
	output_on(regex)
}

output_on(f) if {
	object.get(f, "OutputEnabled", true) == true
	upper(object.get(f, "OutputAction", object.get(f, "Action", "NONE"))) != "NONE"
}
