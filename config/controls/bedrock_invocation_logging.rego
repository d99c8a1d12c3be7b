# METADATA
# title: Bedrock model invocation logging is enabled
# description: >-
#   Model invocation logging (GetModelInvocationLoggingConfiguration) must deliver to CloudWatch Logs or S3, with text
#   data delivery on, so prompts and completions can be investigated.
# custom:
#   id: AISPM-BEDROCK-LOGGING-001
#   severity: high
#   resource_kind: invocation_logging
#   frameworks:
#     - owasp-llm:LLM10
#     - owasp-agentic:ASI08
#     - nist-ai-rmf:MANAGE-4.1
#   prowler: bedrock_model_invocation_logging_enabled
#   remediation: |
#     Console: Amazon Bedrock > Settings > Model invocation logging: on; choose CloudWatch Logs and/or S3; Text data.
#     AWS CLI: `aws bedrock put-model-invocation-logging-configuration --logging-config
#     '{"cloudWatchConfig":{"logGroupName":"/aws/bedrock/invocations","roleArn":"arn:aws:iam::ACCOUNT:role/BedrockLogs"},"textDataDeliveryEnabled":true}'`
package aispm.controls.bedrock_invocation_logging

import rego.v1

import data.aispm.lib

deny contains "model invocation logging is off (no logging configuration)" if not input.LoggingConfig

deny contains "model invocation logging has no destination (neither CloudWatch Logs nor S3)" if {
	input.LoggingConfig
	not has_destination
}

deny contains "model invocation logging does not deliver text data" if {
	input.LoggingConfig
	input.LoggingConfig.TextDataDeliveryEnabled != true
}

has_destination if lib.present(input.LoggingConfig.CloudWatchConfig.LogGroupName)

has_destination if lib.present(input.LoggingConfig.S3Config.BucketName)
