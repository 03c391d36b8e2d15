global using TorchSharp;
global using Xunit;
global using static TorchSharp.torch;

// TorchSharp's random generator is process-wide, and the parity tests seed it: they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
