using System;
using System.Runtime.InteropServices;
using System.Text;

namespace ModelGen.Build;

/// <summary>Asks the dynamic loader whether a library provides a symbol at a given version.</summary>
public static class DynamicLoaderProbe
{
    private const int RtldNow = 2;

    /// <summary>
    /// True when <c>dlvsym(dlopen(library), symbol, version)</c> resolves, false when the library loads but the
    /// versioned symbol does not, null when the question cannot be answered (not glibc, library missing, ...).
    /// Never throws.
    /// </summary>
    public static bool? ProvidesVersionedSymbol(string library, string symbol, string version)
    {
        // glibc >= 2.34 exports the dl* functions from libc.so.6; older glibc only from libdl.so.2.
        var answer = Query(Libc.Instance, library, symbol, version);
        return answer ?? Query(Libdl.Instance, library, symbol, version);
    }

    /// <summary>Whether this machine's libstdc++ has the GLIBCXX_3.4.32 anchor (i.e. the fix is not needed).</summary>
    public static bool? SystemProvidesGlibcxx3432() =>
        ProvidesVersionedSymbol(LibStdCxxAnchorFix.LibraryName, LibStdCxxAnchorFix.AnchorSymbol, LibStdCxxAnchorFix.VersionName);

    private static bool? Query(IDl dl, string library, string symbol, string version)
    {
        try
        {
            var handle = dl.Open(CString(library), RtldNow);
            if (handle == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return dl.VersionedSymbol(handle, CString(symbol), CString(version)) != IntPtr.Zero;
            }
            finally
            {
                dl.Close(handle);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
        {
            return null;
        }
    }

    private static byte[] CString(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, 0, value.Length, bytes, 0);
        return bytes;
    }

    private interface IDl
    {
        IntPtr Open(byte[] file, int mode);

        IntPtr VersionedSymbol(IntPtr handle, byte[] symbol, byte[] version);

        void Close(IntPtr handle);
    }

    private sealed class Libc : IDl
    {
        public static readonly Libc Instance = new Libc();

        public IntPtr Open(byte[] file, int mode) => dlopen(file, mode);

        public IntPtr VersionedSymbol(IntPtr handle, byte[] symbol, byte[] version) => dlvsym(handle, symbol, version);

        public void Close(IntPtr handle) => dlclose(handle);

        [DllImport("libc.so.6")]
        private static extern IntPtr dlopen(byte[] file, int mode);

        [DllImport("libc.so.6")]
        private static extern IntPtr dlvsym(IntPtr handle, byte[] symbol, byte[] version);

        [DllImport("libc.so.6")]
        private static extern int dlclose(IntPtr handle);
    }

    private sealed class Libdl : IDl
    {
        public static readonly Libdl Instance = new Libdl();

        public IntPtr Open(byte[] file, int mode) => dlopen(file, mode);

        public IntPtr VersionedSymbol(IntPtr handle, byte[] symbol, byte[] version) => dlvsym(handle, symbol, version);

        public void Close(IntPtr handle) => dlclose(handle);

        [DllImport("libdl.so.2")]
        private static extern IntPtr dlopen(byte[] file, int mode);

        [DllImport("libdl.so.2")]
        private static extern IntPtr dlvsym(IntPtr handle, byte[] symbol, byte[] version);

        [DllImport("libdl.so.2")]
        private static extern int dlclose(IntPtr handle);
    }
}
