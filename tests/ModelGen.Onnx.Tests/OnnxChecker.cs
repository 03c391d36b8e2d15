using System.Text.Json;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// The ONNX project's own checker (Debian's python3-onnx, installed by .ci/run) on an exported file, with full shape
/// inference; returns what it read. A missing checker fails the test, saying how to install it.
/// </summary>
internal static class OnnxChecker
{
    /// <summary>Debian's Python, which python3-onnx installs into (a python3 earlier on PATH may lack the module).</summary>
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        import onnx
        model = onnx.load(sys.argv[1])
        onnx.checker.check_model(model, full_check=True)
        def dims(value):
            return [d.dim_param or str(d.dim_value) for d in value.type.tensor_type.shape.dim]
        graph = model.graph
        print(json.dumps({
            "opset": [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0],
            "ir": model.ir_version,
            "input": dims(graph.input[0]),
            "inputType": onnx.TensorProto.DataType.Name(graph.input[0].type.tensor_type.elem_type).lower(),
            "output": dims(graph.output[0]),
        }))
        """;

    public static CheckedModel Check(string path)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: the ONNX checker needs it (apt-get install python3-onnx).");
        var result = ProcessRunner.RunAsync(Python, ["-c", Script, path], Path.GetTempPath(), TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, $"The ONNX checker rejected {path} (or python3-onnx is not installed: apt-get install python3-onnx):\n{result}");
        var facts = JsonDocument.Parse(result.StandardOutput).RootElement;
        return new CheckedModel(
            facts.GetProperty("opset").GetInt32(),
            facts.GetProperty("ir").GetInt32(),
            facts.GetProperty("input").EnumerateArray().Select(d => d.GetString()!).ToArray(),
            facts.GetProperty("inputType").GetString()!,
            facts.GetProperty("output").EnumerateArray().Select(d => d.GetString()!).ToArray());
    }
}

internal sealed record CheckedModel(int Opset, int IrVersion, string[] InputDimensions, string InputType, string[] OutputDimensions);
