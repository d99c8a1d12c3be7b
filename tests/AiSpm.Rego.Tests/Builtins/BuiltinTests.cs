namespace AiSpm.Rego.Tests.Builtins;

public class BuiltinTests
{
    [Theory]
    // comparison and arithmetic
    [InlineData("1 < 2", "true")]
    [InlineData("\"a\" >= \"b\"", "false")]
    [InlineData("7 % 3 + 10 / 4 - 2 * 3", "-2.5")]
    [InlineData("[abs(-2), round(2.5), ceil(1.2), floor(-1.2)]", "[2,3,2,-2]")]
    [InlineData("numbers.range(3, 1)", "[3,2,1]")]
    // aggregates
    [InlineData("[count(\"héllo\"), sum([1, 2.5]), product({2, 3}), max([1, 9]), min({\"b\", \"a\"})]", "[5,3.5,6,9,\"a\"]")]
    [InlineData("sort({3, 1, 2})", "[1,2,3]")]
    // strings
    [InlineData("[lower(\"AbC\"), upper(\"x\"), contains(\"abc\", \"b\"), startswith(\"abc\", \"a\"), endswith(\"abc\", \"x\")]", "[\"abc\",\"X\",true,true,false]")]
    [InlineData("[split(\"a,b\", \",\"), concat(\"-\", [\"a\", \"b\"]), replace(\"aaa\", \"a\", \"b\"), indexof(\"héllo\", \"l\"), substring(\"hello\", 1, 3)]", "[[\"a\",\"b\"],\"a-b\",\"bbb\",2,\"ell\"]")]
    [InlineData("[trim(\"xxaxx\", \"x\"), trim_left(\"xa\", \"x\"), trim_right(\"ax\", \"x\"), trim_prefix(\"pre-a\", \"pre-\"), trim_suffix(\"a.rego\", \".rego\"), trim_space(\"  a \")]", "[\"a\",\"a\",\"a\",\"a\",\"a\",\"a\"]")]
    [InlineData("sprintf(\"%s has %d items (%.1f%%) %v %q %x\", [\"cart\", 3, 42.25, [1, \"a\"], \"q\", 255])", "\"cart has 3 items (42.2%) [1, \\\"a\\\"] \\\"q\\\" ff\"")]
    [InlineData("[format_int(255, 16), to_number(\"1.5\"), strings.replace_n({\"a\": \"1\", \"b\": \"2\"}, \"ab\")]", "[\"ff\",1.5,\"12\"]")]
    // regex and glob
    [InlineData("[regex.match(\"^ab+c$\", \"abbc\"), glob.match(\"*.example.com\", [\".\"], \"a.example.com\"), glob.match(\"*.example.com\", [\".\"], \"a.b.example.com\")]", "[true,true,false]")]
    // objects, arrays, sets
    [InlineData("[object.get({\"a\": {\"b\": 1}}, [\"a\", \"b\"], 0), object.get({}, \"x\", 7), object.keys({\"a\": 1})]", "[1,7,[\"a\"]]")]
    [InlineData("[object.union({\"a\": {\"b\": 1}}, {\"a\": {\"c\": 2}}), object.remove({\"a\": 1, \"b\": 2}, [\"a\"]), object.filter({\"a\": 1, \"b\": 2}, {\"a\"})]", "[{\"a\":{\"b\":1,\"c\":2}},{\"b\":2},{\"a\":1}]")]
    [InlineData("[array.concat([1], [2]), array.slice([1, 2, 3], 1, 9), array.reverse([1, 2])]", "[[1,2],[2,3],[2,1]]")]
    [InlineData("[{1, 2} | {3}, {1, 2} & {2}, {1, 2} - {1}, union({{1}, {2}}), intersection({{1, 2}, {2}})]", "[[1,2,3],[2],[2],[1,2],[2]]")]
    // types
    [InlineData("[is_number(1), is_string(1), is_boolean(false), is_array([]), is_set(set()), is_object({}), is_null(null), type_name({1})]", "[true,false,true,true,true,true,true,\"set\"]")]
    // encodings
    [InlineData("[json.marshal({\"a\": [1]}), json.unmarshal(\"{\\\"b\\\": 2}\"), base64.encode(\"hi\"), base64.decode(\"aGk=\")]", "[\"{\\\"a\\\":[1]}\",{\"b\":2},\"aGk=\",\"hi\"]")]
    // time, units, net
    [InlineData("[time.parse_rfc3339_ns(\"2024-01-02T03:04:05.5Z\"), time.add_date(0, 1, 1, 1)]", "[1704164645500000000,34300800000000000]")]
    [InlineData("[units.parse_bytes(\"10KiB\"), units.parse_bytes(\"1MB\"), net.cidr_contains(\"10.0.0.0/8\", \"10.1.2.3\"), net.cidr_contains(\"10.0.0.0/8\", \"11.0.0.1\")]", "[10240,1000000,true,false]")]
    public void BuiltinGivesOpaResult(string expr, string expectedJson)
    {
        var v = Rego.Eval("package p\nx := " + expr + "\n", "data.p.x");
        Assert.NotNull(v);
        // Sets print as JSON arrays, so compare the JSON text.
        Assert.Equal(Rego.Json(expectedJson).ToJson(), v.ToJson());
    }

    [Fact]
    public void NowIsFixedWithinOneEvaluation()
    {
        Assert.Equal(Rego.Json("true"), Rego.Eval("package p\nx := time.now_ns() == time.now_ns()\n", "data.p.x"));
    }

    [Theory]
    [InlineData("lower(1)", "`lower` expects string argument")]
    [InlineData("count(null)", "`count` requires array/object/set/string argument")]
    [InlineData("1 / 0", "divide by zero")]
    [InlineData("to_number(\"abc\")", "could not parse string as number")]
    public void BuiltinTypeErrorsAreErrorsInStrictMode(string expr, string message)
    {
        var p = Rego.Compile("package p\nx := " + expr + "\n");
        var e = Assert.Throws<RegoException>(() => p.Evaluate("data.p.x"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Empty(p.Evaluate("data.p.x", null, null, new AiSpm.Rego.Evaluation.RegoBudget { StrictBuiltinErrors = false }));
    }
}
