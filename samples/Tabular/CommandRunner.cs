using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Reporting;
using ModelGen.Runs;
using Spectre.Console;

namespace ModelGen.Samples.Tabular;

/// <summary>A mistake in the command line, reported as a message with exit code 1.</summary>
internal sealed class UserException(string message) : Exception(message);

/// <summary>Runs a command body and turns the user's mistakes and bad files into a message and exit code 1.</summary>
internal static class CommandRunner
{
    public static int Run(Func<CancellationToken, int> body)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return body(cancellation.Token);
        }
        catch (Exception exception) when (exception is UserException or DatasetException or ModelFileException or ReportException or RunException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Error:[/] {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Interrupted.[/]");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
