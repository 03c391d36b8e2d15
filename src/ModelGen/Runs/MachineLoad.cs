using System.Globalization;

namespace ModelGen.Runs;

/// <summary>
/// How busy the machine is right now, for choosing how libtorch's threads wait. The 1-minute load average is the
/// wrong measure for that: it decays over minutes, so a build that just finished (such as the one <c>dotnet run</c>
/// does first) still reads as a load of 1-2 on an idle machine. The CPU time spent over a short window is current.
/// </summary>
public static class MachineLoad
{
    /// <summary>
    /// The number of cores busy with other work over <paramref name="window"/> (Linux: from <c>/proc/stat</c>, before
    /// this process starts computing); null where that cannot be read.
    /// </summary>
    public static double? BusyCores(TimeSpan window)
    {
        if (ReadCpuTimes() is not { } before)
        {
            return null;
        }

        Thread.Sleep(window);
        if (ReadCpuTimes() is not { } after || after.Total <= before.Total)
        {
            return null;
        }

        var busy = (double)(after.Busy - before.Busy) / (after.Total - before.Total);
        return busy * Environment.ProcessorCount;
    }

    /// <summary>The first line of /proc/stat: jiffies spent busy and in total, over all cores since boot.</summary>
    private static (long Busy, long Total)? ReadCpuTimes()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: > 5 } || fields[0] != "cpu")
            {
                return null;
            }

            var values = fields.Skip(1).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + values[4];   // idle and iowait
            var total = values.Take(Math.Min(values.Length, 8)).Sum();   // user .. steal; guest time is already in user
            return (total - idle, total);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
