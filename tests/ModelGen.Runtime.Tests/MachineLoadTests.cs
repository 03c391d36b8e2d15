using ModelGen.Runs;

namespace ModelGen.Runtime.Tests;

/// <summary>The thread policy's measure of a busy machine: CPU time used right now, not the load average.</summary>
public sealed class MachineLoadTests
{
    [Fact]
    public void A_core_kept_busy_during_the_window_is_counted()
    {
        using var stop = new CancellationTokenSource();
        var spinner = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1000);
            }
        });
        spinner.Start();
        try
        {
            var busy = MachineLoad.BusyCores(TimeSpan.FromMilliseconds(300));
            Assert.NotNull(busy);
            Assert.InRange(busy!.Value, 0.5, Environment.ProcessorCount + 0.01);
        }
        finally
        {
            stop.Cancel();
            spinner.Join();
        }
    }
}
