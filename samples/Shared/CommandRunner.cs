using ModelGen.Data;
using ModelGen.IO;
using ModelGen.Persistence;
using ModelGen.Reporting;
using ModelGen.Runs;
using ModelGen.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples;

/// <summary>A mistake the user can fix: printed as a message, never as a stack trace.</summary>
internal sealed class UserException(string message) : Exception(message);

/// <summary>Runs a command body and turns the user's mistakes and missing files into a message and exit code 1.</summary>
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
        catch (Exception exception) when (
            exception is UserException or DatasetException or ModelFileException or ReportException or RunException or TrainingSettingsConflictException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Error:[/] {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (IoFailure.IsIoProblem(exception))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Error:[/] A file could not be read or written: {IoFailure.Describe(exception)}.");
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

    /// <summary>
    /// What escaped a command, or what Spectre refused while parsing: a parse error is the user's (its message alone);
    /// anything else is a bug, reported with its stack trace. Either way the exit code is 1, never 255.
    /// </summary>
    public static int Unhandled(Exception exception)
    {
        if (exception is CommandParseException or CommandRuntimeException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Error:[/] {exception.Message}");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Internal error:[/] {exception.Message}");
            Console.Error.WriteLine(exception);
        }

        return 1;
    }
}
