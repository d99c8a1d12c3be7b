namespace AiSpm.Scanner.Aws;

/// <summary>The wire protocols of the services the scanner reads (botocore's <c>metadata.protocol</c>).</summary>
public enum AwsProtocol
{
    /// <summary><c>rest-json</c>: members in the path, query or a JSON body.</summary>
    RestJson,

    /// <summary><c>json</c> 1.1: <c>POST /</c> with <c>X-Amz-Target</c>.</summary>
    Json,

    /// <summary><c>query</c>: a form-encoded <c>Action</c>, an XML answer.</summary>
    Query,
}
