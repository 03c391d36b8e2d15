// The data tests drive the loader with tiny CIFAR-format files (a few records per batch) and a fake download,
// through internal options that the public API does not offer.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.Data.Tests")]

// The runtime tests check the output rules of every output kind, including kinds no spec in models/ has yet.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.Runtime.Tests")]
