using System.Globalization;
using System.Numerics;
using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddAggregates(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "count", 1, a => a[0] switch
        {
            RegoArray x => RegoNumber.Of(x.Count),
            RegoObject x => RegoNumber.Of(x.Count),
            RegoSet x => RegoNumber.Of(x.Count),
            RegoString x => RegoNumber.Of(new StringInfo(x.Value).LengthInTextElements == x.Value.Length ? x.Value.Length : CountRunes(x.Value)),
            _ => throw a.Fail("requires array/object/set/string argument. Got `" + a[0].ToJson() + "` instead."),
        });
        Add(d, "sum", 1, a =>
        {
            RegoValue acc = RegoNumber.Of(0);
            foreach (var v in Members(a, "sum"))
            {
                acc = Operators.Arith("add", acc, v as RegoNumber ?? throw a.Fail("expects numeric elements"))!;
            }

            return acc;
        });
        Add(d, "product", 1, a =>
        {
            RegoValue acc = RegoNumber.Of(1);
            foreach (var v in Members(a, "product"))
            {
                acc = Operators.Arith("mul", acc, v as RegoNumber ?? throw a.Fail("expects numeric elements"))!;
            }

            return acc;
        });
        Add(d, "max", 1, a =>
        {
            RegoValue? best = null;
            foreach (var v in Members(a, "max"))
            {
                if (best is null || v.CompareTo(best) > 0)
                {
                    best = v;
                }
            }

            return best;
        });
        Add(d, "min", 1, a =>
        {
            RegoValue? best = null;
            foreach (var v in Members(a, "min"))
            {
                if (best is null || v.CompareTo(best) < 0)
                {
                    best = v;
                }
            }

            return best;
        });
        Add(d, "sort", 1, a =>
        {
            var list = new List<RegoValue>(Members(a, "sort"));
            list.Sort();
            return new RegoArray([.. list]);
        });
    }

    private static int CountRunes(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    private static IEnumerable<RegoValue> Members(BuiltinArgs a, string name) => a[0] switch
    {
        RegoArray x => x.Items,
        RegoSet x => x.Sorted,
        _ => throw new RegoException($"`{name}` requires array/set argument. Got `{a[0].ToJson()}` instead."),
    };

}
