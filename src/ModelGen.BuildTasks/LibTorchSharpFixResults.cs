using System.Collections.Generic;

namespace ModelGen.Build;

/// <summary>Value of the <c>ModelGenLibTorchSharpFix</c> MSBuild property.</summary>
public enum LibTorchSharpFixMode
{
    /// <summary>Patch only when this machine's libstdc++ lacks GLIBCXX_3.4.32 (the default).</summary>
    Auto,

    /// <summary>Patch regardless of this machine (build on a new distribution, deploy to an old one).</summary>
    Always,

    /// <summary>Never touch the file.</summary>
    Never,
}

/// <summary>What <see cref="LibStdCxxAnchorFix.FixFile"/> did to a file.</summary>
public enum LibTorchSharpFixStatus
{
    /// <summary>The GLIBCXX_3.4.32 need was marked weak and the file replaced.</summary>
    Patched,

    /// <summary>The need is already weak; nothing to do.</summary>
    AlreadyWeak,

    /// <summary>Auto mode and this machine's libstdc++ provides GLIBCXX_3.4.32; nothing to do.</summary>
    SystemProvidesVersion,

    /// <summary>Mode is <see cref="LibTorchSharpFixMode.Never"/>.</summary>
    Disabled,

    /// <summary>The file does not need GLIBCXX_3.4.32 from libstdc++.so.6 at all.</summary>
    VersionNotNeeded,

    /// <summary>Symbols other than the link-time anchor need GLIBCXX_3.4.32; weakening it would be wrong.</summary>
    Refused,

    /// <summary>Not an ELF64 little-endian x86-64 image, or malformed; left alone.</summary>
    Unsupported,

    /// <summary>Reading or replacing the file failed; the original is left in place.</summary>
    Failed,
}

/// <summary>Outcome of <see cref="LibStdCxxAnchorFix.Analyze"/> on an in-memory image.</summary>
public enum ElfFixVerdict
{
    /// <summary>Setting VER_FLG_WEAK at <see cref="ElfFixPlan.FlagOffsets"/> makes the image loadable.</summary>
    NeedsPatch,

    /// <summary>Every GLIBCXX_3.4.32 need from libstdc++.so.6 is already weak.</summary>
    AlreadyWeak,

    /// <summary>The image has no GLIBCXX_3.4.32 need from libstdc++.so.6.</summary>
    VersionNotNeeded,

    /// <summary>Real (non-anchor) symbols need the version; see <see cref="ElfFixPlan.BlockingSymbols"/>.</summary>
    Refused,

    /// <summary>Not an image this code understands; see <see cref="ElfFixPlan.Reason"/>.</summary>
    Unsupported,
}

/// <summary>Result of analysing an image; see <see cref="LibStdCxxAnchorFix.Analyze"/>.</summary>
public sealed class ElfFixPlan
{
    internal ElfFixPlan(ElfFixVerdict verdict, string reason, IReadOnlyList<int> flagOffsets, IReadOnlyList<string> blockingSymbols)
    {
        Verdict = verdict;
        Reason = reason;
        FlagOffsets = flagOffsets;
        BlockingSymbols = blockingSymbols;
    }

    /// <summary>What should happen.</summary>
    public ElfFixVerdict Verdict { get; }

    /// <summary>Human-readable explanation.</summary>
    public string Reason { get; }

    /// <summary>File offsets of the vna_flags fields to mark weak (only for <see cref="ElfFixVerdict.NeedsPatch"/>).</summary>
    public IReadOnlyList<int> FlagOffsets { get; }

    /// <summary>Symbols that need the version for real (only for <see cref="ElfFixVerdict.Refused"/>).</summary>
    public IReadOnlyList<string> BlockingSymbols { get; }
}

/// <summary>Result of <see cref="LibStdCxxAnchorFix.FixFile"/>.</summary>
public sealed class LibTorchSharpFixResult
{
    internal LibTorchSharpFixResult(string path, LibTorchSharpFixStatus status, string reason, IReadOnlyList<string> blockingSymbols)
    {
        Path = path;
        Status = status;
        Reason = reason;
        BlockingSymbols = blockingSymbols;
    }

    /// <summary>The file that was examined.</summary>
    public string Path { get; }

    /// <summary>What happened.</summary>
    public LibTorchSharpFixStatus Status { get; }

    /// <summary>Human-readable explanation.</summary>
    public string Reason { get; }

    /// <summary>Symbols that need the version for real (only for <see cref="LibTorchSharpFixStatus.Refused"/>).</summary>
    public IReadOnlyList<string> BlockingSymbols { get; }
}
