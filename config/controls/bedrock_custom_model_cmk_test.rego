package aispm.controls.bedrock_custom_model_cmk_test

import rego.v1

import data.aispm.controls.bedrock_custom_model_cmk as control

model := {
	"ModelArn": "arn:aws:bedrock:eu-west-1:111122223333:custom-model/amazon.titan-text-express-v1:0:8k/abc",
	"ModelName": "support-tuned", "JobName": "tune-1", "BaseModelArn": "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1",
	"CustomizationType": "FINE_TUNING", "ModelStatus": "Active",
}

test_passing_cmk if {
	count(control.deny) == 0 with input as object.union(model, {"ModelKmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/k1"})
}

test_failing_no_key if count(control.deny) == 1 with input as model
