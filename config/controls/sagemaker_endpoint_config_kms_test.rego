package aispm.controls.sagemaker_endpoint_config_kms_test

import rego.v1

import data.aispm.controls.sagemaker_endpoint_config_kms as control

config := {
	"EndpointConfigName": "llm-prod", "EndpointConfigArn": "arn:aws:sagemaker:eu-west-1:111122223333:endpoint-config/llm-prod",
	"ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "llm", "InitialInstanceCount": 1, "InstanceType": "ml.g5.2xlarge"}],
	"CreationTime": "2026-01-01T00:00:00Z",
}

test_passing_kms if count(control.deny) == 0 with input as object.union(config, {"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/k1"})

test_failing_no_kms if count(control.deny) == 1 with input as config
