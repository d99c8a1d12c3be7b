package aispm.controls.sagemaker_notebook_direct_internet_test

import rego.v1

import data.aispm.controls.sagemaker_notebook_direct_internet as control

notebook := {
	"NotebookInstanceName": "research", "NotebookInstanceStatus": "InService", "InstanceType": "ml.t3.medium",
	"RoleArn": "arn:aws:iam::111122223333:role/SageMakerExec", "RootAccess": "Disabled",
}

test_passing_vpc_only if {
	count(control.deny) == 0 with input as object.union(notebook, {"DirectInternetAccess": "Disabled", "SubnetId": "subnet-1", "SecurityGroups": ["sg-1"]})
}

test_failing_direct_internet if count(control.deny) == 1 with input as object.union(notebook, {"DirectInternetAccess": "Enabled"})
