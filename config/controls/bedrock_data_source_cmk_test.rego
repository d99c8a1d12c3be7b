package aispm.controls.bedrock_data_source_cmk_test

import rego.v1

import data.aispm.controls.bedrock_data_source_cmk as control

ds := {
	"KnowledgeBaseId": "KB1", "DataSourceId": "DS1", "Name": "policies", "Status": "AVAILABLE",
	"DataSourceConfiguration": {"Type": "S3", "S3Configuration": {"BucketArn": "arn:aws:s3:::kb-policies"}},
	"DataDeletionPolicy": "DELETE",
}

test_passing_cmk if {
	count(control.deny) == 0 with input as object.union(ds, {"ServerSideEncryptionConfiguration": {"KmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/k1"}})
}

test_failing_no_sse if count(control.deny) == 1 with input as ds
