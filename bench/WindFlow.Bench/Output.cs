using System.Globalization;

namespace WindFlow.Bench;

/// <summary>Argument parsing and the `RESULT key=value` protocol shared by every mode.</summary>
internal static class Args
{
    public static int Int(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"'{value}' is not a positive whole number.");

    public static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}

/// <summary>Writes results for the calling script; keys are stable, values never contain spaces unless quoted by the caller.</summary>
internal static class Result
{
    public static void Write(string key, string value) => Console.Out.WriteLine($"RESULT {key}={value}");

    /// <summary>Milliseconds and rates with one decimal; pass "0.00" for ratios.</summary>
    public static void Write(string key, double value, string format = "0.0") => Write(key, value.ToString(format, CultureInfo.InvariantCulture));

    public static void Progress(string message) => Console.Error.WriteLine("[bench] " + message);
}

/// <summary>Order statistics with the nearest-rank rule, the same rule bench/docker.sh applies in awk.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);
}
