package aispm.controls.bedrock_invocation_logs_encrypted_test

import rego.v1

import data.aispm.controls.bedrock_invocation_logs_encrypted as control

logging := {"LoggingConfig": {
	"CloudWatchConfig": {"LogGroupName": "/aws/bedrock/invocations", "RoleArn": "arn:aws:iam::111122223333:role/BedrockLogs"},
	"S3Config": {"BucketName": "bedrock-logs", "KeyPrefix": "inv/"},
	"TextDataDeliveryEnabled": true,
}}

encrypted := {
	"log_groups": {"/aws/bedrock/invocations": {"LogGroupName": "/aws/bedrock/invocations", "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/k1"}},
	"s3_buckets": {"bedrock-logs": {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:111122223333:key/k1"}}]}}},
}

test_passing_both_encrypted if count(control.deny) == 0 with input as logging with data.aispm.assets as encrypted

test_failing_sse_s3_and_plain_log_group if {
	count(control.deny) == 2 with input as logging with data.aispm.assets as {
		"log_groups": {"/aws/bedrock/invocations": {"LogGroupName": "/aws/bedrock/invocations"}},
		"s3_buckets": {"bedrock-logs": {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}},
	}
}
