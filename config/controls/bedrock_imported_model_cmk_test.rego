package aispm.controls.bedrock_imported_model_cmk_test

import rego.v1

import data.aispm.controls.bedrock_imported_model_cmk as control

model := {
	"ModelArn": "arn:aws:bedrock:eu-west-1:111122223333:imported-model/abc123", "ModelName": "llama-tuned", "JobName": "import-1",
	"ModelDataSource": {"S3DataSource": {"S3Uri": "s3://models/llama-tuned/"}}, "ModelArchitecture": "llama3", "InstructSupported": true,
}

test_passing_cmk if {
	count(control.deny) == 0 with input as object.union(model, {"ModelKmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/k1"})
}

test_failing_no_key if count(control.deny) == 1 with input as model
