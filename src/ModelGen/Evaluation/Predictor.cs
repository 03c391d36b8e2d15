using ModelGen.Data;
using ModelGen.Formats;
using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>
/// Asks a trained <typeparamref name="TModel"/> about new samples, Keras's <c>model.predict</c>: tensors, picture files
/// or streams, and the rows of a CSV table. It applies what training applied: pictures are decoded and resized to the
/// model's input and scaled with the spec's normalisation; a table's feature columns are picked by name and
/// standardised with the scaling fitted on the training rows (both saved in the model file by a run,
/// <see cref="DataSchema"/>); a spec's test-time augmentation averages over the same views of a picture as evaluation
/// does. A classifier answers its most probable classes, by name, with their probabilities; a
/// regression model its values.
/// </summary>
public sealed class Predictor<TModel> : IDisposable
    where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
{
    /// <summary>Pictures decoded and run at once, which bounds the memory a long list of files takes.</summary>
    private const int ChunkSize = 256;

    private readonly IInferenceModel _model;
    private readonly OutputRules _rules = OutputRules.For<TModel>();

    /// <summary>Predicts with an opened model; <paramref name="classNames"/> name the classes when the model file does not.</summary>
    public Predictor(IInferenceModel model, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        Schema = DataSchema.FromModelFileExtra(model.Header.Extra);
        ClassNames = Schema?.ClassNames ?? classNames;
    }

    /// <summary>What the model file says about the data: class names, a table's columns and scaling; null when it says nothing.</summary>
    public DataSchema? Schema { get; }

    /// <summary>The class names, from the model file or the constructor; null: classes are named by number.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>What the model file says about the model.</summary>
    public ModelFileHeader Header => _model.Header;

    /// <summary>
    /// Opens a model file: <c>.mgm</c> (TorchSharp) or a file of one of <paramref name="formats"/> (ONNX).
    /// </summary>
    /// <exception cref="ModelFileException">The file cannot be read, or holds another architecture than <typeparamref name="TModel"/>.</exception>
    public static Predictor<TModel> Open(string path, IEnumerable<IModelFormat>? formats = null, Device? device = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelFileException($"The model file {path} does not exist.");
        }

        return new Predictor<TModel>(ModelFormats.Open<TModel>(path, formats ?? [], device), classNames);
    }

    /// <summary>
    /// Predictions for a batch of inputs as a data set holds them: uint8 pictures <c>[N, C, H, W]</c>, or a table's
    /// feature values <c>[N, F]</c> as written (standardised here when the model was trained on standardised features).
    /// <paramref name="sources"/> name the samples in the results (default: their positions).
    /// </summary>
    /// <exception cref="ArgumentException">The inputs do not fit the model.</exception>
    public IReadOnlyList<ModelPrediction> Predict(Tensor inputs, IReadOnlyList<string>? sources = null, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        using var scope = NewDisposeScope();
        var scaled = Schema?.Scaling is { } scaling && inputs.dim() == 2 ? scaling.Apply(inputs.to(ScalarType.Float32)) : inputs;
        var outputs = _rules.InferenceOutputs(_model, scaled);
        var count = (int)inputs.shape[0];
        string Source(int i) => sources?[i] ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!_rules.OneDecisionPerSample)
        {
            var values = outputs.reshape(count, -1).to(ScalarType.Float32).data<float>().ToArray();
            var width = values.Length / Math.Max(1, count);
            return Enumerable.Range(0, count).Select(i => new ModelPrediction(Source(i), [], values[(i * width)..((i + 1) * width)])).ToList();
        }

        var probabilities = _rules.ClassProbabilities(outputs);
        var k = (int)Math.Min(top, probabilities.shape[1]);
        var (best, labels) = probabilities.topk(k, dim: 1);
        var scores = best.to(ScalarType.Float64).data<double>().ToArray();
        var classes = labels.data<long>().ToArray();
        return Enumerable.Range(0, count)
            .Select(i => new ModelPrediction(
                Source(i),
                Enumerable.Range(0, k).Select(j => new ClassScore((int)classes[(i * k) + j], ClassName((int)classes[(i * k) + j]), scores[(i * k) + j])).ToList(),
                null))
            .ToList();
    }

    /// <summary>
    /// Predictions for picture files (PNG, JPEG, BMP, GIF, WebP), each stretched to the model's input size and channel
    /// count. Every file is decoded before any prediction is made, so a bad file stops the call with nothing done.
    /// </summary>
    /// <exception cref="DatasetException">A file does not exist or is not a picture that can be decoded (the message names it),
    /// or the model does not take pictures.</exception>
    public IReadOnlyList<ModelPrediction> PredictImages(IReadOnlyList<string> paths, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var pixels = paths.Select(path => ImageFile.ReadPixels(path, TModel.InputShape)).ToList();
        var results = new List<ModelPrediction>(paths.Count);
        for (var start = 0; start < paths.Count; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, paths.Count - start);
            using var images = tensor(pixels.Skip(start).Take(count).SelectMany(p => p).ToArray(), [count, .. TModel.InputShape]);
            results.AddRange(Predict(images, paths.Skip(start).Take(count).ToList(), top));
        }

        return results;
    }

    /// <summary>The prediction for the picture in <paramref name="stream"/>; <paramref name="name"/> names it.</summary>
    /// <exception cref="DatasetException">The stream is not a picture that can be decoded, or the model does not take pictures.</exception>
    public ModelPrediction PredictImage(Stream stream, string name = "the image", int top = 3)
    {
        var pixels = ImageFile.ReadPixels(stream, TModel.InputShape, name);
        using var image = tensor(pixels, [1, .. TModel.InputShape]);
        return Predict(image, [name], top)[0];
    }

    /// <summary>
    /// Predictions for every row of a CSV table that has the model's feature columns (found by name, in any order; a
    /// target column and other columns are ignored), each named <c>file:line</c>.
    /// </summary>
    /// <exception cref="DatasetException">The model was not trained on a table, a feature column is missing, or a cell
    /// is missing or not a number (the message names the file, line and column).</exception>
    public IReadOnlyList<ModelPrediction> PredictTable(string path, int top = 3)
    {
        var features = Schema?.FeatureNames ?? throw new DatasetException(
            $"{TModel.ModelName}'s model file names no table columns (it was not trained on a table by a run), so the rows of {path} cannot be matched to its inputs.");
        var (values, lines) = CsvTable.ReadFeatures(path, features);
        using (values)
        {
            return Predict(values, lines.Select(line => $"{Path.GetFileName(path)}:{line}").ToList(), top);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private string ClassName(int label) =>
        ClassNames is { } names && label < names.Count ? names[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a model predicts for one sample.</summary>
/// <param name="Source">The sample: its file, <c>file:line</c> for a table row, or its position.</param>
/// <param name="Classes">A classifier's most probable classes, most probable first; empty for regression.</param>
/// <param name="Values">A regression model's output values; null for a classifier.</param>
public sealed record ModelPrediction(string Source, IReadOnlyList<ClassScore> Classes, IReadOnlyList<float>? Values);

/// <summary>A class and the probability a classifier gives it.</summary>
/// <param name="Label">The class's position in the model's outputs.</param>
/// <param name="Name">The class's name (its number when the model file names no classes).</param>
/// <param name="Probability">From 0 to 1.</param>
public sealed record ClassScore(int Label, string Name, double Probability);
