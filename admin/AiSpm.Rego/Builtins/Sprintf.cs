using System.Globalization;
using System.Numerics;
using System.Text;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

/// <summary>sprintf with Go's verbs: %v %s %d %q %f %e %g %x %X %o %b %t %%, flags, width and precision.</summary>
internal static class Sprintf
{
    public static string Format(string fmt, RegoValue[] args)
    {
        var sb = new StringBuilder();
        var argi = 0;
        var i = 0;
        while (i < fmt.Length)
        {
            var c = fmt[i++];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            if (i < fmt.Length && fmt[i] == '%')
            {
                sb.Append('%');
                i++;
                continue;
            }

            bool minus = false, plus = false, zero = false, space = false, sharp = false;
            while (i < fmt.Length && "-+0 #".Contains(fmt[i], StringComparison.Ordinal))
            {
                switch (fmt[i])
                {
                    case '-': minus = true; break;
                    case '+': plus = true; break;
                    case '0': zero = true; break;
                    case ' ': space = true; break;
                    default: sharp = true; break;
                }

                i++;
            }

            var width = ReadInt(fmt, ref i);
            int? prec = null;
            if (i < fmt.Length && fmt[i] == '.')
            {
                i++;
                prec = ReadInt(fmt, ref i) ?? 0;
            }

            if (i >= fmt.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = fmt[i++];
            if (argi >= args.Length)
            {
                throw new RegoException($"`sprintf`: no argument specified for format verb {argi}");
            }

            var arg = args[argi++];
            var s = FormatOne(verb, arg, prec, plus, space, sharp);
            if (width is { } w && s.Length < w)
            {
                if (minus)
                {
                    s = s.PadRight(w);
                }
                else if (zero && arg is RegoNumber && verb is not ('s' or 'q' or 'v'))
                {
                    var neg = s.StartsWith('-') || s.StartsWith('+');
                    s = neg ? s[0] + s[1..].PadLeft(w - 1, '0') : s.PadLeft(w, '0');
                }
                else
                {
                    s = s.PadLeft(w);
                }
            }

            sb.Append(s);
        }

        if (argi < args.Length)
        {
            sb.Append("%!(EXTRA ");
            for (var j = argi; j < args.Length; j++)
            {
                if (j > argi)
                {
                    sb.Append(", ");
                }

                sb.Append(TypeOf(args[j])).Append('=').Append(RegoText.Format(args[j], true));
            }

            sb.Append(')');
        }

        return sb.ToString();
    }

    private static string TypeOf(RegoValue v) => v switch
    {
        RegoString => "string",
        RegoNumber n => n.IsInteger ? "*big.Int" : "*big.Float",
        RegoBool => "bool",
        _ => v.TypeName,
    };

    private static int? ReadInt(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i > start ? int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static string FormatOne(char verb, RegoValue arg, int? prec, bool plus, bool space, bool sharp)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (verb)
        {
            case 'v':
            case 's':
                var text = RegoText.Format(arg, true);
                return prec is { } p && p < text.Length ? text[..p] : text;
            case 'q':
                return arg is RegoString qs ? new RegoString(qs.Value).ToJson() : RegoText.Format(arg, true);
            case 't':
                return arg is RegoBool b ? (b.Value ? "true" : "false") : Bad(verb, arg);
            case 'd':
                if (arg is RegoNumber { IsInteger: true } di)
                {
                    return Sign(di.Integer.Sign >= 0, plus, space) + di.Integer.ToString(inv);
                }

                return Bad(verb, arg);
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G':
                if (arg is not RegoNumber fn)
                {
                    return Bad(verb, arg);
                }

                var d = fn.Double;
                var body = verb switch
                {
                    'f' or 'F' => d.ToString("F" + (prec ?? 6).ToString(inv), inv),
                    'e' => GoExp(d.ToString((prec ?? 6) == 0 ? "0e+00" : "0." + new string('0', prec ?? 6) + "e+00", inv)),
                    'E' => GoExp(d.ToString((prec ?? 6) == 0 ? "0E+00" : "0." + new string('0', prec ?? 6) + "E+00", inv)),
                    _ => prec is { } gp ? d.ToString("G" + gp.ToString(inv), inv) : (fn.IsInteger ? fn.Integer.ToString(inv) : d.ToString("R", inv)),
                };
                return (d >= 0 ? Sign(true, plus, space) : string.Empty) + body;
            case 'x':
            case 'X':
            case 'o':
            case 'b':
                var upper = verb == 'X';
                if (arg is RegoString hs && verb is 'x' or 'X')
                {
                    var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(hs.Value));
                    return upper ? hex : hex.ToLowerInvariant();
                }

                if (arg is RegoNumber { IsInteger: true } xi)
                {
                    var bs = verb switch { 'o' => 8, 'b' => 2, _ => 16 };
                    var prefix = sharp ? verb switch { 'o' => "0", 'b' => string.Empty, 'X' => "0X", _ => "0x" } : string.Empty;
                    var digits = BuiltinRegistry.FormatBase(BigInteger.Abs(xi.Integer), bs, upper);
                    return (xi.Integer.Sign < 0 ? "-" : Sign(true, plus, space)) + prefix + digits;
                }

                return Bad(verb, arg);
            default:
                return $"%!{verb}({TypeOf(arg)}={RegoText.Format(arg, true)})";
        }
    }

    private static string GoExp(string s) => s;

    private static string Sign(bool nonNegative, bool plus, bool space) => nonNegative ? (plus ? "+" : space ? " " : string.Empty) : string.Empty;

    private static string Bad(char verb, RegoValue arg) => $"%!{verb}({TypeOf(arg)}={RegoText.Format(arg, true)})";
}
