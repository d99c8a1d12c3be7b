using System.Text.Json.Nodes;
using AiSpm.Scanner.Documents;

namespace AiSpm.Scanner.Tests.Documents;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("apiKey")]
    [InlineData("api_key")]
    [InlineData("master_key")]
    [InlineData("clientSecret")]
    [InlineData("SecretAccessKey")]
    [InlineData("aws_access_key_id")]
    [InlineData("password")]
    [InlineData("DB_PASSWORD_VALUE")]
    [InlineData("accessToken")]
    [InlineData("credentials")]
    public void NamesOfSecretsAreSecret(string name) => Assert.True(SecretRedactor.IsSecretName(name));

    [Theory]
    [InlineData("kmsKeyArn")]
    [InlineData("KmsKeyId")]
    [InlineData("credentialsSecretArn")]
    [InlineData("key_alias")]
    [InlineData("apiKeyCredentialProvider")]
    [InlineData("credentialParameterName")]
    [InlineData("maxTokens")]
    [InlineData("name")]
    public void NamesOfReferencesAreNotSecret(string name) => Assert.False(SecretRedactor.IsSecretName(name));

    [Fact]
    public void TagKeysEnvironmentNamesAndPresignedUrlsAreHandled()
    {
        var doc = (JsonObject)JsonNode.Parse("""
            {"Tags":[{"Key":"team","Value":"sales"}],
             "Environment":{"Variables":{"DB_HOST":"db.internal","TOKEN":"abc"}},
             "Code":{"Location":"https://s3.amazonaws.com/x?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA"},
             "nested":[{"litellm_params":{"api_key":"sk-1","model":"gpt-4o"}}]}
            """)!;
        var clean = SecretRedactor.RedactObject(doc);
        Assert.Equal("team", clean["Tags"]![0]!["Key"]!.GetValue<string>());
        Assert.Equal(SecretRedactor.Marker, clean["Environment"]!["Variables"]!["DB_HOST"]!.GetValue<string>());
        Assert.True(clean["Environment"]!["Variables"]!.AsObject().ContainsKey("TOKEN"));
        Assert.Equal(SecretRedactor.Marker, clean["Code"]!["Location"]!.GetValue<string>());
        Assert.Equal(SecretRedactor.Marker, clean["nested"]![0]!["litellm_params"]!["api_key"]!.GetValue<string>());
        Assert.Equal("gpt-4o", clean["nested"]![0]!["litellm_params"]!["model"]!.GetValue<string>());
        Assert.Equal("sk-1", doc["nested"]![0]!["litellm_params"]!["api_key"]!.GetValue<string>());
    }
}
