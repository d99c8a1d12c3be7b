package aispm.controls.sagemaker_model_network_isolation_test

import rego.v1

import data.aispm.controls.sagemaker_model_network_isolation as control

model := {
	"ModelName": "llm", "ModelArn": "arn:aws:sagemaker:eu-west-1:111122223333:model/llm",
	"ExecutionRoleArn": "arn:aws:iam::111122223333:role/SageMakerExec",
	"PrimaryContainer": {"Image": "763104351884.dkr.ecr.eu-west-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.1", "ModelDataUrl": "s3://models/llm.tar.gz"},
}

test_passing_isolated if count(control.deny) == 0 with input as object.union(model, {"EnableNetworkIsolation": true})

test_failing_not_isolated if count(control.deny) == 1 with input as object.union(model, {"EnableNetworkIsolation": false})

test_failing_field_absent if count(control.deny) == 1 with input as model
