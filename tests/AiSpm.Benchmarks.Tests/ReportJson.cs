using System.Globalization;
using System.Text;

namespace AiSpm.Benchmarks.Tests;

/// <summary>Builds the part of a BenchmarkDotNet full JSON report the budget check reads.</summary>
internal static class ReportJson
{
    public static string Of(params (string Type, string Method, string Parameters, long? Allocated)[] rows)
    {
        var sb = new StringBuilder("{\"Title\":\"test\",\"Benchmarks\":[");
        for (var i = 0; i < rows.Length; i++)
        {
            var (type, method, parameters, allocated) = rows[i];
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(CultureInfo.InvariantCulture,
                $"{{\"Namespace\":\"AiSpm.Benchmarks.Detection\",\"Type\":\"{type}\",\"Method\":\"{method}\",\"Parameters\":\"{parameters}\",");
            if (allocated is { } bytes)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"\"Statistics\":{{\"Mean\":1.0}},\"Memory\":{{\"Gen0Collections\":0,\"TotalOperations\":16,\"BytesAllocatedPerOperation\":{bytes}}}}}");
            }
            else
            {
                sb.Append("\"Statistics\":null,\"Memory\":{\"BytesAllocatedPerOperation\":0}}");
            }
        }

        return sb.Append("]}").ToString();
    }
}
