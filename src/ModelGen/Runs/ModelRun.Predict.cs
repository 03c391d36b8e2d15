using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Formats;
using static TorchSharp.torch;

namespace ModelGen.Runs;

/// <summary>What <see cref="ModelRun.Predict"/> needs besides the model type.</summary>
public sealed record PredictRunRequest
{
    /// <summary>The model file: <c>.mgm</c>, or a file of one of <see cref="Formats"/>.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Loads the data whose test split holds the samples; see <see cref="TrainRunRequest.LoadData"/>.</summary>
    public required Func<IProgress<DownloadProgress>, CancellationToken, RunData> LoadData { get; init; }

    /// <summary>The positions of the samples to classify in the test split.</summary>
    public required IReadOnlyList<int> TestIndices { get; init; }

    /// <summary>Formats the model file may be in besides <c>.mgm</c>; see <see cref="EvaluateRunRequest.Formats"/>.</summary>
    public IReadOnlyList<IModelFormat> Formats { get; init; } = [];

    /// <summary>Where a <c>.mgm</c> model computes. Default: the CPU.</summary>
    public Device? Device { get; init; }
}

/// <summary>What <see cref="ModelRun.Predict"/> found.</summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Predictions">One per requested sample, in the order asked: its index, true and predicted class, and
/// the predicted class's probability.</param>
/// <param name="ClassNames">The class names in label order, when the data has them.</param>
public sealed record PredictOutcome(string ModelName, IReadOnlyList<Prediction> Predictions, IReadOnlyList<string>? ClassNames);

public static partial class ModelRun
{
    /// <summary>
    /// Classifies samples of the data's test split with a saved <typeparamref name="TModel"/> (a <c>.mgm</c> in
    /// TorchSharp, an exported file in its format's runtime: the same rules decide the class either way).
    /// </summary>
    /// <exception cref="RunException">An index is outside the test split.</exception>
    /// <exception cref="Persistence.ModelFileException">The model file cannot be read or holds another architecture.</exception>
    /// <exception cref="DatasetException">The data cannot be loaded or does not fit the model.</exception>
    public static PredictOutcome Predict<TModel>(PredictRunRequest request, IRunReporter reporter, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reporter);
        if (request.TestIndices.Count == 0)
        {
            throw new RunException("No samples to classify: give at least one test-set index.");
        }

        using var model = ModelFormats.Open<TModel>(request.ModelPath, request.Formats, request.Device);
        reporter.ModelLoaded(request.ModelPath, model.Header);
        using var data = reporter.LoadData(progress => request.LoadData(progress, cancellationToken));
        DatasetCheck.Check<TModel>(data.Test, "test data");
        var count = data.Test.Inputs.shape[0];
        var outside = request.TestIndices.Where(index => index < 0 || index >= count).ToList();
        if (outside.Count > 0)
        {
            var wrong = outside[0];
            throw new RunException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Test-set index {wrong} does not exist: the test split has {count:N0} samples (0-{count - 1})."));
        }

        using var scope = NewDisposeScope();
        using var indices = tensor(request.TestIndices.Select(index => (long)index).ToArray());
        var decisions = Evaluator.Predict<TModel>(model, data.Test.Inputs.index_select(0, indices));
        var labels = data.Test.Targets.index_select(0, indices).to(ScalarType.Int64).data<long>().ToArray();
        var predictions = request.TestIndices
            .Select((index, i) => new Prediction(index, (int)labels[i], decisions[i].Class, decisions[i].Probability))
            .ToList();
        return new PredictOutcome(TModel.ModelName, predictions, data.ClassNames);
    }
}
