# METADATA
# title: SageMaker endpoint config encrypts its storage with a KMS key
# description: A SageMaker endpoint configuration (DescribeEndpointConfig) must name a KmsKeyId for the ML storage volumes of its instances.
# custom:
#   id: AISPM-SAGEMAKER-001
#   severity: medium
#   resource_kind: endpoint
#   resource_id: "arn:aws:sagemaker:*:endpoint/*"
#   frameworks:
#     - owasp-llm:LLM02
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     Endpoint configs are immutable: create a new one with a key and switch the endpoint to it.
#     Console: SageMaker AI > Inference > Endpoint configurations > Create > Encryption key.
#     AWS CLI: `aws sagemaker create-endpoint-config --endpoint-config-name NAME-kms --production-variants file://variants.json
#     --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY` then `aws sagemaker update-endpoint --endpoint-name EP --endpoint-config-name NAME-kms`
package aispm.controls.sagemaker_endpoint_config_kms

import rego.v1

import data.aispm.lib

deny contains msg if {
	not lib.present(input.KmsKeyId)
	msg := sprintf("endpoint config %s has no KMS key", [input.EndpointConfigName])
}
