using System.Runtime.Versioning;

// The fix is Linux-only (ELF, dlopen, hard links, Unix permissions), and so are these tests.
[assembly: SupportedOSPlatform("linux")]
