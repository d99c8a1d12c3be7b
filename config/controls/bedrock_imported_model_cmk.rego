# METADATA
# title: Bedrock imported model encrypted with a customer-managed KMS key
# description: A model brought in with Custom Model Import (GetImportedModel) must be encrypted with a customer-managed KMS key (modelKmsKeyArn).
# custom:
#   id: AISPM-BEDROCK-MODEL-002
#   severity: medium
#   resource_kind: custom_model
#   frameworks:
#     - owasp-llm:LLM03
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0044
#   prowler: bedrock_imported_model_encrypted_with_cmk
#   remediation: |
#     The key is set at import: import the model again with a key, then delete the unencrypted one.
#     Console: Amazon Bedrock > Imported models > Import model > Model encryption > Customize encryption settings.
#     AWS CLI: `aws bedrock create-model-import-job --job-name JOB --imported-model-name NAME --role-arn ROLE
#     --model-data-source s3DataSource={s3Uri=s3://BUCKET/model/} --imported-model-kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY`
package aispm.controls.bedrock_imported_model_cmk

import rego.v1

import data.aispm.lib

deny contains msg if {
	not lib.customer_managed_key(input.ModelKmsKeyArn)
	msg := sprintf("imported model %s is not encrypted with a customer-managed KMS key", [input.ModelName])
}
