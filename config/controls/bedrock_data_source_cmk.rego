# METADATA
# title: Bedrock knowledge base data source encrypted with a customer-managed KMS key
# description: >-
#   A knowledge base data source (GetDataSource dataSource) must encrypt its transient ingestion data with a
#   customer-managed KMS key (serverSideEncryptionConfiguration.kmsKeyArn).
# custom:
#   id: AISPM-BEDROCK-KB-001
#   severity: medium
#   resource_kind: data_source
#   frameworks:
#     - owasp-llm:LLM08
#     - owasp-llm:LLM02
#     - nist-ai-rmf:MANAGE-2.2
#   prowler: bedrock_knowledge_base_encrypted_with_cmk
#   remediation: |
#     Console: Amazon Bedrock > Knowledge bases > (knowledge base) > Data source > Edit > Advanced settings > KMS key.
#     AWS CLI: `aws bedrock-agent update-data-source --knowledge-base-id KB --data-source-id DS --name NAME
#     --data-source-configuration file://ds.json --server-side-encryption-configuration kmsKeyArn=arn:aws:kms:REGION:ACCOUNT:key/KEY`
package aispm.controls.bedrock_data_source_cmk

import rego.v1

import data.aispm.lib

deny contains msg if {
	not lib.customer_managed_key(input.ServerSideEncryptionConfiguration.KmsKeyArn)
	msg := sprintf("data source %s of knowledge base %s is not encrypted with a customer-managed KMS key", [input.Name, input.KnowledgeBaseId])
}
