using System;
using System.Collections.Generic;
using Microsoft.Build.Framework;

namespace ModelGen.Build;

/// <summary>
/// The MSBuild task that buildTransitive/ModelGen.BuildTasks.targets runs after every build and publish on Linux:
/// applies <see cref="LibStdCxxAnchorFix"/> to each of <see cref="Files"/> and reports the outcome in the build log.
/// </summary>
public sealed class ModelGenFixLibTorchSharp : Microsoft.Build.Utilities.Task
{
    /// <summary>Code of the warning emitted when the library needs a newer libstdc++ for real.</summary>
    public const string RefusedWarningCode = "MGB001";

    /// <summary>Code of the error emitted for an invalid ModelGenLibTorchSharpFix value.</summary>
    public const string InvalidModeErrorCode = "MGB002";

    /// <summary>Code of the warning emitted when the file could not be read or replaced.</summary>
    public const string FailedWarningCode = "MGB003";

    private static readonly Lazy<bool?> MachineProvidesVersion = new Lazy<bool?>(DynamicLoaderProbe.SystemProvidesGlibcxx3432);

    /// <summary>The libLibTorchSharp.so files to examine.</summary>
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>auto, always or never (case-insensitive; empty means auto).</summary>
    public string Mode { get; set; } = "auto";

    /// <summary>Test hook: replaces the dynamic-loader query.</summary>
    internal Func<bool?>? SystemProvidesVersionOverride { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        LibTorchSharpFixMode mode;
        switch ((Mode ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "":
            case "auto":
                mode = LibTorchSharpFixMode.Auto;
                break;
            case "always":
                mode = LibTorchSharpFixMode.Always;
                break;
            case "never":
                mode = LibTorchSharpFixMode.Never;
                break;
            default:
                Log.LogError(null, InvalidModeErrorCode, null, null, 0, 0, 0, 0,
                    "ModelGen: ModelGenLibTorchSharpFix must be 'auto', 'always' or 'never', not '{0}'.", Mode);
                return false;
        }

        var probe = SystemProvidesVersionOverride ?? (() => MachineProvidesVersion.Value);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Files ?? Array.Empty<ITaskItem>())
        {
            var path = item.GetMetadata("FullPath");
            if (string.IsNullOrEmpty(path))
            {
                path = item.ItemSpec;
            }

            if (!seen.Add(path))
            {
                continue;
            }

            Report(LibStdCxxAnchorFix.FixFile(path, mode, probe));
        }

        return !Log.HasLoggedErrors;
    }

    private void Report(LibTorchSharpFixResult result)
    {
        switch (result.Status)
        {
            case LibTorchSharpFixStatus.Patched:
                Log.LogMessage(MessageImportance.Normal,
                    "ModelGen: marked {0} weak in {1} (Debian 12 libstdc++ lacks it; see README 'TorchSharp on Debian 12')",
                    LibStdCxxAnchorFix.VersionName, result.Path);
                if (result.Reason.IndexOf("could not query", StringComparison.Ordinal) >= 0)
                {
                    Log.LogMessage(MessageImportance.Low, "ModelGen: {0}: {1}", result.Path, result.Reason);
                }

                break;
            case LibTorchSharpFixStatus.Refused:
                Log.LogWarning(null, RefusedWarningCode, null, result.Path, 0, 0, 0, 0,
                    "ModelGen: {0} needs {1} from {2} for more than the GCC 13 link-time anchor ({3}), so it cannot be "
                    + "made to load by marking the version weak. Run it on a system whose libstdc++ comes from GCC 13 or "
                    + "newer (or set ModelGenLibTorchSharpFix=never to silence this). See README 'TorchSharp on Debian 12'.",
                    result.Path, LibStdCxxAnchorFix.VersionName, LibStdCxxAnchorFix.LibraryName, string.Join(", ", result.BlockingSymbols));
                break;
            case LibTorchSharpFixStatus.Failed:
                Log.LogWarning(null, FailedWarningCode, null, result.Path, 0, 0, 0, 0,
                    "ModelGen: could not apply the libstdc++ compatibility fix to {0}: {1}. See README 'TorchSharp on Debian 12'.",
                    result.Path, result.Reason);
                break;
            default:
                Log.LogMessage(MessageImportance.Low, "ModelGen: {0} left unchanged: {1}", result.Path, result.Reason);
                break;
        }
    }
}
