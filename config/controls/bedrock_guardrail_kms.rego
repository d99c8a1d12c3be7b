# METADATA
# title: Bedrock guardrail encrypted with a customer-managed KMS key
# description: >-
#   A Bedrock guardrail's configuration (denied topics, word lists, regexes) should be encrypted with a customer-managed
#   KMS key (KmsKeyArn), not the AWS-owned default.
# custom:
#   id: AISPM-BEDROCK-GUARDRAIL-005
#   severity: low
#   resource_kind: guardrail
#   resource_id: "arn:aws:bedrock:*:guardrail/*"
#   frameworks:
#     - owasp-llm:LLM02
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     Console: Amazon Bedrock > Guardrails > create the guardrail with KMS key selection > Customize encryption settings.
#     AWS CLI: `aws bedrock create-guardrail --name NAME ... --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY`
#     (the key of an existing guardrail can be set with update-guardrail --kms-key-id).
package aispm.controls.bedrock_guardrail_kms

import rego.v1

import data.aispm.lib

deny contains msg if {
	not lib.customer_managed_key(input.KmsKeyArn)
	msg := sprintf("guardrail %s is not encrypted with a customer-managed KMS key", [input.Name])
}
