package aispm.controls.sagemaker_notebook_root_access_test

import rego.v1

import data.aispm.controls.sagemaker_notebook_root_access as control

notebook := {
	"NotebookInstanceName": "research", "NotebookInstanceArn": "arn:aws:sagemaker:eu-west-1:111122223333:notebook-instance/research",
	"NotebookInstanceStatus": "InService", "InstanceType": "ml.t3.medium", "RoleArn": "arn:aws:iam::111122223333:role/SageMakerExec",
	"DirectInternetAccess": "Disabled", "SubnetId": "subnet-1",
}

test_passing_root_disabled if count(control.deny) == 0 with input as object.union(notebook, {"RootAccess": "Disabled"})

test_failing_root_enabled if count(control.deny) == 1 with input as object.union(notebook, {"RootAccess": "Enabled"})
