# METADATA
# title: Bedrock custom model encrypted with a customer-managed KMS key
# description: A custom (fine-tuned or continued pre-training) model must be encrypted with a customer-managed KMS key (GetCustomModel modelKmsKeyArn).
# custom:
#   id: AISPM-BEDROCK-MODEL-001
#   severity: medium
#   resource_kind: custom_model
#   frameworks:
#     - owasp-llm:LLM04
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0044
#   prowler: bedrock_custom_model_encrypted_with_cmk
#   remediation: |
#     The key is set when the model is created: re-run the customization job with a key.
#     Console: Amazon Bedrock > Custom models > Customize model > Model encryption > Customize encryption settings.
#     AWS CLI: `aws bedrock create-model-customization-job ... --custom-model-kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY`
package aispm.controls.bedrock_custom_model_cmk

import rego.v1

import data.aispm.lib

deny contains msg if {
	not lib.customer_managed_key(input.ModelKmsKeyArn)
	msg := sprintf("custom model %s is not encrypted with a customer-managed KMS key", [input.ModelName])
}
