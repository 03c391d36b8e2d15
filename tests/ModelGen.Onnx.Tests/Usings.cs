global using TorchSharp;
global using Xunit;
global using static TorchSharp.torch;

// TorchSharp's random generator and thread settings are process-wide: tests that seed it must not share it with
// tests running in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
