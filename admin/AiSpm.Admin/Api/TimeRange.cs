namespace AiSpm.Admin.Api;

/// <summary>
/// Bounds of an event search: a query's cost grows with its time range (DynamoDB walks one partition per day), and
/// nothing older than the retention period or later than tomorrow can exist, so a wider range is refused rather
/// than walked.
/// </summary>
internal static class TimeRange
{
    public static void Check(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now, TimeSpan retention, RequestErrors errors)
    {
        var latest = now.AddDays(1);
        if (to is { } t && t > latest)
        {
            errors.Add("to", "must be no later than tomorrow (" + latest.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + ")");
            return;
        }

        if (from is not { } f)
        {
            return;
        }

        var end = to ?? now;
        if (f > end)
        {
            errors.Add("from", "must be before to");
        }
        else if (end - f > retention)
        {
            errors.Add("from", "the range from..to (to defaults to now) is longer than the retention period of " + retention.TotalDays + " days");
        }
    }
}
