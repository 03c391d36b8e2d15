namespace ModelGen.Build.Tests.Infrastructure;

internal static class ByteDiff
{
    /// <summary>Offsets at which two equally long arrays differ.</summary>
    public static int[] Offsets(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
    }
}
