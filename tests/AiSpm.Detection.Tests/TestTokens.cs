using System.Text;

namespace AiSpm.Detection.Tests;

/// <summary>Builds credential-shaped test values at run time, so no secret-looking literal sits in the repository.</summary>
internal static class TestTokens
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A GitHub token: prefix, 30 characters, and the base62 CRC32 of those 30 characters.</summary>
    public static string GitHub(string prefix, string entropy30)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in Encoding.ASCII.GetBytes(entropy30))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        crc = ~crc;
        var check = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            check[i] = Base62[(int)(crc % 62)];
            crc /= 62;
        }

        return prefix + entropy30 + new string(check);
    }

    public static string AwsKeyId => "AKIA" + "Q3EGRTZ7" + "MX4PLN2K";

    public static string Stripe => "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc";

    public static string Slack => "xoxb-" + "1234567890-" + "0987654321-" + "AbCdEfGhIjKlMnOpQrStUvWx";

    public static string OpenAi => "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6nOp9q";

    public static string Anthropic => "sk-ant-" + "api03-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9Zx8Yw7Vu6Ts5Rq4Po3";

    public static string Jwt => "eyJhbGciOiJIUzI1NiJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0" + "." + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    public static string Pem => "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
}
