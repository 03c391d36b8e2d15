// Build-time compatibility fix for TorchSharp's native glue library (libLibTorchSharp.so) on Linux
// distributions whose libstdc++ predates GCC 13 (for example Debian 12, which stops at GLIBCXX_3.4.30).
//
// TorchSharp 0.107.0's libLibTorchSharp.so was linked with GCC 13, which makes every object that includes
// <iostream> reference `_ZSt21ios_base_library_initv@GLIBCXX_3.4.32`. That symbol is a link-time anchor: it only
// forces the linker to pull in libstdc++'s stream initialisation and is never called or relocated against. The
// reference alone nevertheless adds a GLIBCXX_3.4.32 "version need" to .gnu.version_r, and the dynamic loader
// refuses to load the library when libstdc++ lacks that version. Marking that one need VER_FLG_WEAK makes the
// loader tolerate its absence, which is exactly right when nothing but the anchor is bound to it.

using System;
using System.Collections.Generic;
using System.IO;
using ModelGen.IO;

namespace ModelGen.Build;

/// <summary>
/// Marks the <c>GLIBCXX_3.4.32</c> need of <c>libstdc++.so.6</c> weak when only the GCC 13 link-time anchor
/// <c>_ZSt21ios_base_library_initv</c> is bound to it. Pure logic plus a safe file replacement; no MSBuild types.
/// </summary>
public static class LibStdCxxAnchorFix
{
    /// <summary>The needed library whose version is weakened.</summary>
    public const string LibraryName = "libstdc++.so.6";

    /// <summary>The version that old libstdc++ builds lack.</summary>
    public const string VersionName = "GLIBCXX_3.4.32";

    /// <summary>The only symbol allowed to be bound to <see cref="VersionName"/>.</summary>
    public const string AnchorSymbol = "_ZSt21ios_base_library_initv";

    /// <summary>VER_FLG_WEAK.</summary>
    public const ushort VerFlagWeak = 0x2;

    private static readonly string[] NoSymbols = Array.Empty<string>();

    /// <summary>Decides what to do with <paramref name="image"/> without changing it. Never throws.</summary>
    public static ElfFixPlan Analyze(byte[]? image)
    {
        var info = ElfDynamicVersionInfo.Parse(image);
        if (info.Error != null)
        {
            return Plan(ElfFixVerdict.Unsupported, info.Error);
        }

        var targets = new List<ElfVersionNeedAux>();
        foreach (var need in info.Needs)
        {
            if (need.File != LibraryName)
            {
                continue;
            }

            foreach (var aux in need.Versions)
            {
                if (aux.Name == VersionName)
                {
                    targets.Add(aux);
                }
            }
        }

        if (targets.Count == 0)
        {
            return Plan(ElfFixVerdict.VersionNotNeeded, "does not require " + VersionName + " from " + LibraryName);
        }

        var pending = new List<int>();
        var indices = new HashSet<ushort>();
        foreach (var aux in targets)
        {
            indices.Add(aux.Index);
            if (!aux.IsWeak)
            {
                pending.Add(aux.FlagsOffset);
            }
        }

        if (pending.Count == 0)
        {
            return Plan(ElfFixVerdict.AlreadyWeak, VersionName + " is already marked weak");
        }

        var blocking = new List<string>();
        foreach (var symbol in info.Symbols)
        {
            if (!indices.Contains(symbol.VersionIndex))
            {
                continue;
            }

            var isAnchor = symbol.Name == AnchorSymbol && symbol.IsUndefined && !symbol.IsRelocated;
            if (!isAnchor)
            {
                blocking.Add(symbol.IsRelocated && symbol.Name == AnchorSymbol ? symbol.Name + " (relocated)" : symbol.Name);
            }
        }

        if (blocking.Count > 0)
        {
            return new ElfFixPlan(
                ElfFixVerdict.Refused,
                "symbols other than the link-time anchor " + AnchorSymbol + " need " + VersionName + ": " + string.Join(", ", blocking),
                Array.Empty<int>(),
                blocking);
        }

        return new ElfFixPlan(
            ElfFixVerdict.NeedsPatch,
            VersionName + " is needed only by the link-time anchor " + AnchorSymbol,
            pending,
            NoSymbols);
    }

    /// <summary>
    /// Analyses <paramref name="image"/> and, when the verdict is <see cref="ElfFixVerdict.NeedsPatch"/>, sets
    /// VER_FLG_WEAK in place in the array. Never throws.
    /// </summary>
    public static ElfFixPlan ApplyInMemory(byte[]? image)
    {
        var plan = Analyze(image);
        if (plan.Verdict == ElfFixVerdict.NeedsPatch && image != null)
        {
            foreach (var offset in plan.FlagOffsets)
            {
                var flags = (ushort)(image[offset] | (image[offset + 1] << 8));
                flags |= VerFlagWeak;
                image[offset] = (byte)flags;
                image[offset + 1] = (byte)(flags >> 8);
            }
        }

        return plan;
    }

    /// <summary>
    /// Applies the fix to the file at <paramref name="path"/>. The file is never modified in place: the patched
    /// bytes replace it atomically through <see cref="AtomicFile"/> (so a hard link into the NuGet cache is broken,
    /// not written through, and the permission bits stay), and the original last-write time is restored so that
    /// MSBuild's incremental copy keeps treating it as up to date. Never throws.
    /// </summary>
    /// <param name="path">The libLibTorchSharp.so to fix.</param>
    /// <param name="mode">Auto, Always or Never.</param>
    /// <param name="systemProvidesVersion">
    /// Consulted in <see cref="LibTorchSharpFixMode.Auto"/> only: true when the machine's libstdc++ has
    /// GLIBCXX_3.4.32, false when it lacks it, null when that cannot be determined (the file is then patched,
    /// which is harmless: a weak need only matters when the version is missing).
    /// </param>
    public static LibTorchSharpFixResult FixFile(string path, LibTorchSharpFixMode mode, Func<bool?> systemProvidesVersion)
    {
        try
        {
            return FixFileCore(path, mode, systemProvidesVersion);
        }
        catch (Exception ex)
        {
            return Result(path, LibTorchSharpFixStatus.Failed, "unexpected " + ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static LibTorchSharpFixResult FixFileCore(string path, LibTorchSharpFixMode mode, Func<bool?> systemProvidesVersion)
    {
        if (mode == LibTorchSharpFixMode.Never)
        {
            return Result(path, LibTorchSharpFixStatus.Disabled, "ModelGenLibTorchSharpFix is 'never'");
        }

        var unknownNote = string.Empty;
        if (mode == LibTorchSharpFixMode.Auto)
        {
            var provides = systemProvidesVersion();
            if (provides == true)
            {
                return Result(path, LibTorchSharpFixStatus.SystemProvidesVersion,
                    "this machine's " + LibraryName + " provides " + VersionName + "; nothing to do");
            }

            if (provides == null)
            {
                unknownNote = " (could not query this machine's " + LibraryName + "; patched to be safe)";
            }
        }

        byte[] image;
        DateTime lastWriteUtc;
        try
        {
            image = File.ReadAllBytes(path);
            lastWriteUtc = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
        {
            return Result(path, LibTorchSharpFixStatus.Failed, "cannot read the file: " + ex.Message);
        }

        var plan = ApplyInMemory(image);
        switch (plan.Verdict)
        {
            case ElfFixVerdict.NeedsPatch:
                break;
            case ElfFixVerdict.AlreadyWeak:
                return Result(path, LibTorchSharpFixStatus.AlreadyWeak, plan.Reason);
            case ElfFixVerdict.VersionNotNeeded:
                return Result(path, LibTorchSharpFixStatus.VersionNotNeeded, plan.Reason);
            case ElfFixVerdict.Refused:
                return new LibTorchSharpFixResult(path, LibTorchSharpFixStatus.Refused, plan.Reason, plan.BlockingSymbols);
            default:
                return Result(path, LibTorchSharpFixStatus.Unsupported, plan.Reason);
        }

        var failure = ReplaceFile(path, image, lastWriteUtc);
        return failure == null
            ? Result(path, LibTorchSharpFixStatus.Patched, "marked " + VersionName + " weak" + unknownNote)
            : Result(path, LibTorchSharpFixStatus.Failed, failure);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/> through the repository's one atomic writer:
    /// a sibling temporary file that starts as a copy of the original (so it has its permission bits), flushed and
    /// renamed over it. The rename replaces the directory entry rather than writing through it, so a hard link into
    /// the NuGet cache keeps the old content. The original last-write time is then put back.
    /// </summary>
    private static string? ReplaceFile(string path, byte[] contents, DateTime lastWriteUtc)
    {
        try
        {
            AtomicFile.Write(path, stream => stream.Write(contents, 0, contents.Length), keepPermissions: true);
            File.SetLastWriteTimeUtc(path, lastWriteUtc);
            return null;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException
            || ex is NotSupportedException || ex is PlatformNotSupportedException)
        {
            return "cannot replace the file: " + ex.Message;
        }
    }

    private static ElfFixPlan Plan(ElfFixVerdict verdict, string reason) =>
        new ElfFixPlan(verdict, reason, Array.Empty<int>(), NoSymbols);

    private static LibTorchSharpFixResult Result(string path, LibTorchSharpFixStatus status, string reason) =>
        new LibTorchSharpFixResult(path, status, reason, NoSymbols);
}
