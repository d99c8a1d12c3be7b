using System.Text;
using AiSpm.Detection.Validation;

namespace AiSpm.Detection.Tests.Validation;

public class ValidatorsTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111-1111-1111-1111", true)]
    [InlineData("5500005555555559", true)]
    [InlineData("4111 1111 1111 1112", false)]
    [InlineData("1234567", false)]
    [InlineData("0000000000000000", false)]
    public void Luhn_ChecksCardNumbers(string text, bool valid) => Assert.Equal(valid, Validators.Luhn(B(text)));

    [Theory]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("gb82west12345698765432", true)]
    [InlineData("DE89370400440532013001", false)]
    [InlineData("XX00", false)]
    public void Iban_ChecksMod97(string text, bool valid) => Assert.Equal(valid, Validators.Iban(B(text)));

    [Theory]
    [InlineData("123-45-6789", true)]
    [InlineData("000-12-3456", false)]
    [InlineData("666-12-3456", false)]
    [InlineData("912-12-3456", false)]
    [InlineData("123-00-4567", false)]
    [InlineData("123-45-0000", false)]
    public void UsSsn_ChecksStructure(string text, bool valid) => Assert.Equal(valid, Validators.UsSsn(B(text)));

    [Fact]
    public void GitHubToken_AcceptsAValidChecksumAndRejectsATamperedOne()
    {
        var token = TestTokens.GitHub("ghp_", "abcdefghijklmnopqrstuvwxyzABCD");
        Assert.True(Validators.GitHubToken(B(token)));
        var tampered = token[..10] + (token[10] == 'x' ? 'y' : 'x') + token[11..];
        Assert.False(Validators.GitHubToken(B(tampered)));
    }

    [Fact]
    public void Entropy_IsHighForRandomAndLowForRepetitiveText()
    {
        Assert.True(Validators.Entropy(B("q8Zr3LpX0vB7nKd2Wm5T")) > 4.0);
        Assert.True(Validators.Entropy(B("aaaaaaaaaaaaaaaa")) < 0.1);
        Assert.Equal(1.0, Validators.Entropy(B("abab")), 3);
    }

    [Theory]
    [InlineData("password = \"hunter2\"", "hunter2")]
    [InlineData("api_key: 'Zm9vYmFyYmF6cXV4MTIz=='", "Zm9vYmFyYmF6cXV4MTIz==")]
    public void AssignedValue_TakesTheValueAfterTheSeparator(string span, string value) =>
        Assert.Equal(value, Encoding.UTF8.GetString(Validators.AssignedValue(B(span))));

    [Theory]
    [InlineData("q8Zr3LpX0vB7nKd2Wm5T", false, true)]
    [InlineData("q8Zr3LpX0vB7nKd2Wm5T", true, true)]
    [InlineData("Ethnic_Group_Representation", true, false)]
    [InlineData("recognition.", false, false)]
    [InlineData("configuration_manager", false, false)]
    [InlineData("addressFromString", false, false)]
    [InlineData("AuthorizationCodeGrant", false, false)]
    [InlineData("gX69YO4CvBsVjzAwYxdGyDd30t5", false, true)]
    [InlineData("eyJ0eXAiOiAiVENWMiJ9", false, true)]
    public void LooksRandom_SeparatesTokensFromWords(string value, bool requireDigits, bool random) =>
        Assert.Equal(random, Validators.LooksRandom(B(value), requireDigits));

    [Theory]
    [InlineData("xoxb-2848331-Qf7Lz93KxPwR8dTm", true)]
    [InlineData("glpat-x9Kd2-Lm4Pq8Rt6Vw1Yz3B", true)]
    [InlineData("october-2016-security-releases", false)]
    [InlineData("child-process-fork-regr-gh-2847", false)]
    [InlineData("version-1731-current-bethgriggs", false)]
    public void LooksLikeToken_NeedsOneLongRandomRun(string value, bool token) =>
        Assert.Equal(token, Validators.LooksLikeToken(B(value)));

    [Theory]
    [InlineData("203.0.113.45", true)]
    [InlineData("10.0.0.12", true)]
    [InlineData("300.1.1.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.1.2.3", false)]
    public void IpAddress_AcceptsRoutableQuadsOnly(string value, bool ip) =>
        Assert.Equal(ip, Validators.IpAddress(B(value)));
}
