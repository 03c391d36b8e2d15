using System.Runtime.CompilerServices;

// The tests build graphs in memory (a model without ModelGen's metadata, a layer type with no mapping).
[assembly: InternalsVisibleTo("ModelGen.Onnx.Tests")]
