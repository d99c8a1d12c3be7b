package aispm.controls.bedrock_invocation_logging_test

import rego.v1

import data.aispm.controls.bedrock_invocation_logging as control

test_passing_cloudwatch if {
	count(control.deny) == 0 with input as {"LoggingConfig": {
		"CloudWatchConfig": {"LogGroupName": "/aws/bedrock/invocations", "RoleArn": "arn:aws:iam::111122223333:role/BedrockLogs"},
		"TextDataDeliveryEnabled": true, "ImageDataDeliveryEnabled": false, "EmbeddingDataDeliveryEnabled": false,
	}}
}

# GetModelInvocationLoggingConfiguration answers {} when logging was never configured.
test_failing_off if count(control.deny) == 1 with input as {}

test_failing_no_text if {
	control.deny == {"model invocation logging does not deliver text data"} with input as {"LoggingConfig": {
		"S3Config": {"BucketName": "bedrock-logs", "KeyPrefix": "invocations/"}, "TextDataDeliveryEnabled": false,
	}}
}
