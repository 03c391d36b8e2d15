using System.Buffers.Binary;
using System.Text;
using ModelGen.Build.Tests.Infrastructure;

namespace ModelGen.Build.Tests;

/// <summary>Non-ELF, foreign and damaged files: never an exception, always a reason, never a modified file.</summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string> Cases =>
    [
        "empty", "text", "random", "magic-only", "header-only", "truncated-4k", "truncated-before-section-headers",
        "32-bit", "big-endian", "aarch64", "section-headers-beyond-eof", "verneed-beyond-eof", "verneed-bad-strtab-link",
        "verneed-bad-version", "verneed-aux-outside-section", "dynsym-bad-entry-size", "versym-count-mismatch",
        "string-offset-outside-table",
    ];

    private static byte[] Make(string kind)
    {
        var real = File.ReadAllBytes(TestEnvironment.PristineLibTorchSharp);
        Span<byte> span = real;
        switch (kind)
        {
            case "empty":
                return [];
            case "text":
                return Encoding.UTF8.GetBytes("INPUT(libLibTorchSharp.so.real)\n");
            case "random":
                var random = new byte[4096];
                new Random(1234).NextBytes(random);
                return random;
            case "magic-only":
                return [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1];
            case "header-only":
                return real[..64];
            case "truncated-4k":
                return real[..4096];
            case "truncated-before-section-headers":
                return real[..0x249360];
            case "32-bit":
                real[4] = 1;
                return real;
            case "big-endian":
                real[5] = 2;
                return real;
            case "aarch64":
                BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 183);
                return real;
            case "section-headers-beyond-eof":
                BinaryPrimitives.WriteUInt64LittleEndian(span[40..], ulong.MaxValue - 8);
                return real;
            case "verneed-beyond-eof":
                BinaryPrimitives.WriteUInt64LittleEndian(span[SectionHeader(6, 24)..], (ulong)real.Length - 8);
                return real;
            case "verneed-bad-strtab-link":
                BinaryPrimitives.WriteUInt32LittleEndian(span[SectionHeader(6, 40)..], 999);
                return real;
            case "verneed-bad-version":
                BinaryPrimitives.WriteUInt16LittleEndian(span[0x3f8f0..], 7);
                return real;
            case "verneed-aux-outside-section":
                BinaryPrimitives.WriteUInt32LittleEndian(span[(0x3f8f0 + 8)..], 0x7fffff00);
                return real;
            case "dynsym-bad-entry-size":
                BinaryPrimitives.WriteUInt64LittleEndian(span[SectionHeader(3, 56)..], 16);
                return real;
            case "versym-count-mismatch":
                BinaryPrimitives.WriteUInt64LittleEndian(span[SectionHeader(5, 32)..], 10);
                return real;
            case "string-offset-outside-table":
                BinaryPrimitives.WriteUInt32LittleEndian(span[(0x3f8f0 + 0x140 + 8)..], 0x7fffffff);
                return real;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        // Field of section header <index>; the table starts at 0x249360 (readelf -S).
        static int SectionHeader(int index, int field) => 0x249360 + 64 * index + field;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analyze_reports_a_reason_instead_of_throwing(string kind)
    {
        var image = Make(kind);
        var before = (byte[])image.Clone();

        var plan = LibStdCxxAnchorFix.ApplyInMemory(image);

        Assert.Equal(ElfFixVerdict.Unsupported, plan.Verdict);
        Assert.False(string.IsNullOrWhiteSpace(plan.Reason));
        Assert.Equal(before, image);
        Assert.NotNull(ElfDynamicVersionInfo.Parse(image).Error);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixFile_leaves_the_file_untouched_even_in_always_mode(string kind)
    {
        using var temp = new TempDirectory("malformed");
        var path = temp.Write("libLibTorchSharp.so", Make(kind));
        var before = FileSnapshot.Take(path);

        var result = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Always, () => false);

        Assert.Equal(LibTorchSharpFixStatus.Unsupported, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        before.AssertUnchanged(path);
        Assert.Equal(["libLibTorchSharp.so"], temp.Files());
    }

    [Fact]
    public void Expected_reasons_are_specific()
    {
        Assert.Contains("not an ELF file", LibStdCxxAnchorFix.Analyze(Make("text")).Reason);
        Assert.Contains("64-bit", LibStdCxxAnchorFix.Analyze(Make("32-bit")).Reason);
        Assert.Contains("little-endian", LibStdCxxAnchorFix.Analyze(Make("big-endian")).Reason);
        Assert.Contains("x86-64", LibStdCxxAnchorFix.Analyze(Make("aarch64")).Reason);
        Assert.Contains("truncated", LibStdCxxAnchorFix.Analyze(Make("truncated-4k")).Reason);
        Assert.Contains("no data", LibStdCxxAnchorFix.Analyze(null).Reason);
    }

    [Fact]
    public void Missing_file_is_reported_not_thrown()
    {
        using var temp = new TempDirectory("missing");

        var result = LibStdCxxAnchorFix.FixFile(temp.Combine("nope.so"), LibTorchSharpFixMode.Always, () => false);

        Assert.Equal(LibTorchSharpFixStatus.Failed, result.Status);
        Assert.Contains("cannot read", result.Reason);
        Assert.Empty(temp.Files());
    }

    [Fact]
    public void Randomly_corrupted_headers_never_throw()
    {
        var pristine = File.ReadAllBytes(TestEnvironment.PristineLibTorchSharp);
        // The bytes the parser reads: ELF header, .dynsym/.gnu.version/.gnu.version_r/.rela.* and the section headers.
        (int Start, int Length)[] regions = [(0, 64), (0x3890, 0x400), (0x3dfae, 0x40), (0x3f8f0, 0x210), (0x3fb00, 0x100), (0x249360, 31 * 64)];
        var random = new Random(20240601);
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var image = (byte[])pristine.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                (var start, var length) = regions[random.Next(regions.Length)];
                image[start + random.Next(length)] = (byte)random.Next(256);
            }

            var plan = LibStdCxxAnchorFix.ApplyInMemory(image); // must not throw
            Assert.False(string.IsNullOrWhiteSpace(plan.Reason));
        }
    }
}
