using System.Diagnostics;
using ModelGen.Evaluation;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// The one loop over a source's batches, shared by training and evaluation. Per batch: a dispose scope opened before
/// the batch is drawn (so the batch and everything computed from it is freed with it), the move to the device, the
/// outputs the loss needs, the loss, and the metrics; training adds the optimisation step, and that is the only
/// difference.
/// </summary>
internal static class BatchLoop
{
    /// <summary>
    /// One pass over the batches of <paramref name="epoch"/>. With an <paramref name="optimizer"/> the model trains
    /// (train mode, gradients, a step per batch); without one it is evaluated (eval mode, no gradients). Either way
    /// the model's previous train/eval mode is restored afterwards, also when a batch throws. Training calls
    /// <c>beforeStep</c> and <c>afterStep</c> with the 0-based batch number around each step (a per-step schedule,
    /// the weight average), and adds each phase's time to <c>times</c> when given.
    /// </summary>
    /// <returns>The wall-clock time of the pass, data pipeline included.</returns>
    public static TimeSpan Run<TModel>(
        TModel model,
        IBatchSource source,
        int epoch,
        Device device,
        OutputRules rules,
        MetricAccumulator metrics,
        OptimizerHelper? optimizer = null,
        int? maxBatches = null,
        Action<TimeSpan>? batchCompleted = null,
        CancellationToken cancellationToken = default,
        Action<int>? beforeStep = null,
        Action<int>? afterStep = null,
        StepTimes? times = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        var training = optimizer is not null;
        var wasTraining = model.training;
        var clock = Stopwatch.StartNew();
        try
        {
            model.train(training);
            using var gradients = enable_grad(training);
            using var batches = source.Epoch(epoch).GetEnumerator();
            for (var steps = 0; maxBatches is null || steps < maxBatches; steps++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                times?.Start();
                if (!batches.MoveNext())
                {
                    break;
                }

                var (inputs, targets) = batches.Current.To(device);
                times?.DataDone();
                if (optimizer is not null)
                {
                    beforeStep?.Invoke(steps);
                    optimizer.zero_grad();
                }

                var outputs = rules.Outputs(model, inputs);
                var loss = rules.Loss(outputs, targets);
                times?.ForwardDone();
                if (optimizer is not null)
                {
                    loss.backward();
                    times?.BackwardDone();
                    optimizer.step();
                    afterStep?.Invoke(steps);
                }

                metrics.Add(outputs, targets, loss);
                times?.OptimizerDone();
                batchCompleted?.Invoke(clock.Elapsed);
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return clock.Elapsed;
    }
}
