using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddCollections(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "object.get", 3, a =>
        {
            var obj = a[0];
            if (obj is not (RegoObject or RegoArray or RegoSet))
            {
                throw a.TypeError("object", 0);
            }

            if (a[1] is RegoArray path)
            {
                RegoValue? cur = obj;
                foreach (var k in path.Items)
                {
                    cur = Index(cur, k);
                    if (cur is null)
                    {
                        return a[2];
                    }
                }

                return cur;
            }

            return Index(obj, a[1]) ?? a[2];
        });
        Add(d, "object.keys", 1, a => RegoSet.From(a.Obj(0).Items.Keys));
        Add(d, "object.union", 2, a => Merge(a.Obj(0), a.Obj(1)));
        Add(d, "object.union_n", 1, a =>
        {
            RegoObject acc = RegoObject.Empty;
            foreach (var o in a.Arr(0).Items)
            {
                acc = Merge(acc, o as RegoObject ?? throw a.TypeError("object", 0));
            }

            return acc;
        });
        Add(d, "object.remove", 2, a =>
        {
            var obj = a.Obj(0);
            var keys = KeySet(a, 1);
            var res = new Dictionary<RegoValue, RegoValue>();
            foreach (var kv in obj.Items)
            {
                if (!keys.Contains(kv.Key))
                {
                    res[kv.Key] = kv.Value;
                }
            }

            return new RegoObject(res);
        });
        Add(d, "object.filter", 2, a =>
        {
            var obj = a.Obj(0);
            var keys = KeySet(a, 1);
            var res = new Dictionary<RegoValue, RegoValue>();
            foreach (var kv in obj.Items)
            {
                if (keys.Contains(kv.Key))
                {
                    res[kv.Key] = kv.Value;
                }
            }

            return new RegoObject(res);
        });
        Add(d, "object.subset", 2, a => RegoBool.Of(IsSubset(a[0], a[1])));
        Add(d, "array.concat", 2, a =>
        {
            var x = a.Arr(0).Items;
            var y = a.Arr(1).Items;
            var r = new RegoValue[x.Length + y.Length];
            x.CopyTo(r, 0);
            y.CopyTo(r, x.Length);
            return new RegoArray(r);
        });
        Add(d, "array.slice", 3, a =>
        {
            var arr = a.Arr(0).Items;
            var start = SliceIndex(a, 1);
            var stop = SliceIndex(a, 2);
            if (start == long.MinValue || stop == long.MinValue)
            {
                return null;
            }

            start = Math.Clamp(start, 0, arr.Length);
            stop = Math.Clamp(stop, 0, arr.Length);
            return stop <= start ? RegoArray.Empty : new RegoArray(arr[(int)start..(int)stop]);
        });
        Add(d, "array.reverse", 1, a =>
        {
            var r = (RegoValue[])a.Arr(0).Items.Clone();
            Array.Reverse(r);
            return new RegoArray(r);
        });
        Add(d, "array.flatten", 1, a =>
        {
            var list = new List<RegoValue>();
            Flatten(a.Arr(0), list);
            return new RegoArray([.. list]);
        });
        Add(d, "union", 1, a =>
        {
            var h = new HashSet<RegoValue>();
            foreach (var s in a.Set(0).Items)
            {
                h.UnionWith((s as RegoSet ?? throw a.TypeError("set of sets", 0)).Items);
            }

            return new RegoSet(h);
        });
        Add(d, "intersection", 1, a =>
        {
            HashSet<RegoValue>? h = null;
            foreach (var s in a.Set(0).Items)
            {
                var set = s as RegoSet ?? throw a.TypeError("set of sets", 0);
                if (h is null)
                {
                    h = new HashSet<RegoValue>(set.Items);
                }
                else
                {
                    h.IntersectWith(set.Items);
                }
            }

            return new RegoSet(h ?? []);
        });
        Add(d, "and", 2, a => Operators.Intersection(a.Set(0), a.Set(1)));
        Add(d, "or", 2, a => Operators.Union(a.Set(0), a.Set(1)));
    }

    private static long SliceIndex(BuiltinArgs a, int i)
    {
        var n = a.Num(i);
        return n.IsInteger ? (long)n.Integer : long.MinValue;
    }

    private static void Flatten(RegoArray arr, List<RegoValue> into)
    {
        foreach (var x in arr.Items)
        {
            if (x is RegoArray inner)
            {
                Flatten(inner, into);
            }
            else
            {
                into.Add(x);
            }
        }
    }

    private static RegoValue? Index(RegoValue? v, RegoValue key) => v switch
    {
        RegoObject o => o.Get(key),
        RegoArray arr => key is RegoNumber { IsInteger: true } n && n.Integer >= 0 && n.Integer < arr.Count ? arr.Items[(int)n.Integer] : null,
        RegoSet s => s.Contains(key) ? key : null,
        _ => null,
    };

    private static HashSet<RegoValue> KeySet(BuiltinArgs a, int i) => a[i] switch
    {
        RegoArray x => new HashSet<RegoValue>(x.Items),
        RegoSet x => new HashSet<RegoValue>(x.Items),
        RegoObject x => new HashSet<RegoValue>(x.Items.Keys),
        _ => throw a.TypeError("array/object/set", i),
    };

    private static RegoObject Merge(RegoObject a, RegoObject b)
    {
        var d = new Dictionary<RegoValue, RegoValue>(a.Items);
        foreach (var kv in b.Items)
        {
            d[kv.Key] = d.TryGetValue(kv.Key, out var old) && old is RegoObject oo && kv.Value is RegoObject no ? Merge(oo, no) : kv.Value;
        }

        return new RegoObject(d);
    }

    private static bool IsSubset(RegoValue super, RegoValue sub)
    {
        switch (super, sub)
        {
            case (RegoObject so, RegoObject bo):
                foreach (var kv in bo.Items)
                {
                    if (so.Get(kv.Key) is not { } sv || !(sv.Equals(kv.Value) || IsSubset(sv, kv.Value)))
                    {
                        return false;
                    }
                }

                return true;
            case (RegoSet ss, RegoSet bs):
                return bs.Items.IsSubsetOf(ss.Items);
            case (RegoArray sa, RegoArray ba):
                for (var i = 0; i + ba.Count <= sa.Count; i++)
                {
                    var ok = true;
                    for (var j = 0; j < ba.Count && ok; j++)
                    {
                        ok = sa.Items[i + j].Equals(ba.Items[j]);
                    }

                    if (ok)
                    {
                        return true;
                    }
                }

                return false;
            case (RegoSet ss2, RegoArray ba2):
                foreach (var x in ba2.Items)
                {
                    if (!ss2.Contains(x))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
