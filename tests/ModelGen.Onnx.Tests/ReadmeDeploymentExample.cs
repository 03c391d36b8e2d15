using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// The C# example of the README's "Deploying a model", compiled here and run by <see cref="DeploymentTests"/>; the
/// lines between the markers are the README's code block, character for character (a test compares them).
/// </summary>
internal static class ReadmeDeploymentExample
{
    /// <summary>Classifies one image as the README does and returns what it prints.</summary>
    public static string Run(string modelPath, byte[] pixels)
    {
        var printed = new StringWriter();
        var console = Console.Out;
        var workingDirectory = Environment.CurrentDirectory;
        Console.SetOut(printed);
        try
        {
            Environment.CurrentDirectory = Path.GetDirectoryName(modelPath)!;
            // README:start
            // pixels: one 32x32 RGB image as 3,072 bytes, channels first (the red plane, then green, then blue), 0-255.
            using var session = new InferenceSession("model.onnx");
            var classNames = JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["class_names"])!;

            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, 32, 32]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input"], [input], ["output"]);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray();   // [1, 10]: softmax, one per class

            var best = Array.IndexOf(probabilities, probabilities.Max());
            Console.WriteLine($"{classNames[best]} ({probabilities[best]:P1})");
            // README:end
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = workingDirectory;
        }

        return printed.ToString();
    }
}
