using WindFlow.Infrastructure.Scheduling;

namespace WindFlow.Tests.Infrastructure.Scheduling;

/// <summary>The fire times the editor previews for a schedule trigger, from Quartz's own cron arithmetic.</summary>
public sealed class WorkflowCronTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute, int second = 0) => new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void NextFireTimes_EveryTwoSecondsUtc_NextThreeEvenSeconds()
    {
        var times = WorkflowCron.NextFireTimes("0/2 * * * * ?", "UTC", Utc(1, 1, 0, 0, 1), 3);

        Assert.Equal([Utc(1, 1, 0, 0, 2), Utc(1, 1, 0, 0, 4), Utc(1, 1, 0, 0, 6)], times);
        Assert.All(times, t => Assert.Equal(TimeSpan.Zero, t.Offset));
    }

    [Fact]
    public void NextFireTimes_ClassicWeekdaysInParisAcrossSpringForward_LocalNineThirtyAtEachDaysOffset()
    {
        // Thursday 26 March 2026; Paris moves from +01:00 to +02:00 on Sunday 29 March.
        var times = WorkflowCron.NextFireTimes("30 9 * * 1-5", "Europe/Paris", Utc(3, 26, 12, 0), 3);

        // Friday, then Monday and Tuesday: the weekend is skipped (classic 1-5 is Monday to Friday).
        Assert.Equal([Utc(3, 27, 8, 30), Utc(3, 30, 7, 30), Utc(3, 31, 7, 30)], times);
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(2)], times.Select(t => t.Offset));
        Assert.All(times, t => Assert.Equal(new TimeOnly(9, 30), TimeOnly.FromDateTime(t.DateTime)));
    }

    [Fact]
    public void NextFireTimes_NoTimeZone_MeansUtc()
    {
        Assert.Equal([Utc(1, 2, 3, 0), Utc(1, 3, 3, 0)], WorkflowCron.NextFireTimes("0 3 * * *", null, Utc(1, 1, 12, 0), 2));
    }

    [Theory]
    [InlineData("not a cron", "UTC")]
    [InlineData("0 3 * * *", "Mars/Olympus")]
    public void NextFireTimes_InvalidCronOrZone_Empty(string cron, string zone)
    {
        Assert.Empty(WorkflowCron.NextFireTimes(cron, zone, Utc(1, 1, 0, 0), 3));
    }
}
