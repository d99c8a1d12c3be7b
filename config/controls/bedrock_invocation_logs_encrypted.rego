# METADATA
# title: Bedrock invocation logs are encrypted with a KMS key
# description: >-
#   The destinations of model invocation logging must be encrypted with KMS: the CloudWatch log group has a KmsKeyId and
#   the S3 bucket's default encryption is aws:kms. The logging configuration does not carry encryption, so the control
#   reads the destinations from data.aispm.assets.log_groups and data.aispm.assets.s3_buckets (shape in lib/aispm.rego);
#   a destination missing from the inventory fails, as it cannot be shown to be encrypted.
# custom:
#   id: AISPM-BEDROCK-LOGGING-002
#   severity: medium
#   resource_kind: invocation_logging
#   frameworks:
#     - owasp-llm:LLM02
#     - nist-ai-rmf:MANAGE-2.2
#   prowler: bedrock_model_invocation_logs_encryption_enabled
#   remediation: |
#     CloudWatch Logs: `aws logs associate-kms-key --log-group-name /aws/bedrock/invocations --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY`
#     S3: `aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration
#     '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KEY_ARN"}}]}'`
package aispm.controls.bedrock_invocation_logs_encrypted

import rego.v1

import data.aispm.lib

deny contains msg if {
	name := input.LoggingConfig.CloudWatchConfig.LogGroupName
	not lib.present(data.aispm.assets.log_groups[name].KmsKeyId)
	msg := sprintf("invocation log group %s is not encrypted with a KMS key", [name])
}

deny contains msg if {
	some bucket in s3_buckets
	not bucket_kms(bucket)
	msg := sprintf("invocation log bucket %s is not encrypted with a KMS key", [bucket])
}

s3_buckets contains input.LoggingConfig.S3Config.BucketName

s3_buckets contains input.LoggingConfig.CloudWatchConfig.LargeDataDeliveryS3Config.BucketName

bucket_kms(bucket) if {
	some rule in data.aispm.assets.s3_buckets[bucket].ServerSideEncryptionConfiguration.Rules
	startswith(rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm, "aws:kms")
}
