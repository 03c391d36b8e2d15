using System.IO;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.PyTorch;

/// <summary>
/// The training script for torchrun: the spec's training section written out (optimizer, closed-form schedule, loss
/// and the outputs it is computed from, batch size, epochs, normalisation, how a classifier's decisions are counted),
/// followed by the machinery that is the same for every spec (TrainingLoop.py, embedded in this assembly).
/// </summary>
internal static class TrainingScriptCode
{
    private const string LoopResource = "ModelGen.Compiler.Emit.PyTorch.TrainingLoop.py";

    public static string Write(ModelDefinition model, string modelModule)
    {
        var t = model.Training;
        var script = PyTorchEmitter.TrainingScriptName(model);
        var w = new PythonWriter();
        w.Line("#!/usr/bin/env python3");
        PyTorchEmitter.WriteHeader(w, model);
        w.Line($"\"\"\"Trains {model.Name} with its spec's training settings, on one process or many (torchrun).");
        w.Line();
        w.Line("One machine, two processes (gloo on CPUs; on GPUs nccl, one process per GPU):");
        w.Line();
        // The loader reads CIFAR-10 for models that take its images, .npz files for every model.
        var data = model.InputShape.SequenceEqual(new long[] { 3, 32, 32 }) ? "cifar-10-binary.tar.gz" : "data.npz";
        var command = $"    torchrun --nproc_per_node=2 {script} --data {data} --out runs/a";
        if (command.Length > 99)
        {
            // PEP 8 (at 99 characters, as the tests check): a long model name moves the options to a second line.
            w.Line($"    torchrun --nproc_per_node=2 {script} \\");
            w.Line($"        --data {data} --out runs/a");
        }
        else
        {
            w.Line(command);
        }

        w.Line();
        w.Line("Several machines: the same command on each machine, with --nnodes and --rdzv_endpoint.");
        w.Line("Without torchrun, python3 runs it as one process.");
        w.Line();
        w.Line("Batch size and learning rate: --batch-size is the global batch (default: the spec's), split evenly");
        w.Line("over the processes (rounded up). The learning rate scales with the global batch (the linear scaling");
        w.Line("rule): lr = spec lr x global batch / spec batch size, so the spec's batch keeps the spec's lr");
        w.Line("however many processes share it.");
        w.Line();
        w.Line("Rank 0 prints the .NET trainer's epoch line, writes checkpoint.pt after every epoch (--resume");
        w.Line("continues from it) and model.pt, the final state_dict, which the .NET model loads; it ends with");
        w.Line("\"Test accuracy: 0.xxxx\" (a regression model: \"Test MAE: ...\").");
        w.Line();
        w.Line("The spec's validation_split (--validation-split overrides it), early_stopping, best_checkpoint");
        w.Line("(best.pt) and reduce_lr_on_plateau act as in the .NET trainer; the validation rows are a seeded");
        w.Line("random choice of the same size, drawn by PyTorch's generator, so not the same rows as .NET's.");
        w.Line("\"\"\"");
        w.Line();
        w.Line("import argparse");
        w.Line("import datetime");
        if (t.Schedule is CosineSchedule or OneCycleSchedule { AnnealStrategy: AnnealStrategy.Cosine })
        {
            w.Line("import math");
        }

        w.Line("import os");
        w.Line("import sys");
        w.Line("import tarfile");
        w.Line("import time");
        w.Line();
        w.Line("import numpy as np");
        w.Line("import torch");
        w.Line("import torch.distributed as dist");
        w.Line("from torch import nn");
        w.Line("from torch.nn import functional as F");
        w.Line("from torch.nn.parallel import DistributedDataParallel");
        w.Line("from torch.utils.data.distributed import DistributedSampler");
        w.Line();
        w.Line($"from {modelModule} import INPUT_SHAPE, OUTPUT_KIND, {model.Name}");
        w.Line();
        w.Line($"MODEL_NAME = {PythonText.Str(model.Name)}");
        w.Line();
        w.Line("# The spec's training section, defaults applied: what the .NET trainer applies.");
        w.Line($"BATCH_SIZE = {PythonText.Int(t.BatchSize)}");
        w.Line($"EPOCHS = {PythonText.Int(t.Epochs)}");
        w.Line($"LEARNING_RATE = {PythonText.Float(t.Optimizer.LearningRate)}");
        w.Line("# Raw 8-bit inputs x become (x / 255 - mean) / std: one value for all channels, or one per channel.");
        w.Line($"NORMALIZE_MEAN = {PythonText.FloatTuple(t.Normalization.Mean)}");
        w.Line($"NORMALIZE_STD = {PythonText.FloatTuple(t.Normalization.Std)}");
        WriteCallbacks(w, t);
        RecipeScriptCode.WriteSettings(w, t);
        w.Line();
        w.Line();
        w.Line("def create_model():");
        w.Indent();
        w.Line($"\"\"\"A new {model.Name}, its weights initialised as the spec says.\"\"\"");
        w.Line($"return {model.Name}()");
        w.Unindent();
        w.Line();
        w.Line();
        WriteOptimizer(w, t.Optimizer);
        w.Line();
        w.Line();
        if (t.Schedule.PerStep)
        {
            RecipeScriptCode.WriteStepSchedule(w, t.Schedule);
        }
        else
        {
            WriteSchedule(w, t.Schedule);
        }

        w.Line();
        w.Line();
        WriteLoss(w, t.Loss, t.LabelSmoothing);
        if (model.OutputKind != ModelOutputKind.Regression)
        {
            w.Line();
            w.Line();
            WriteDecisions(w, model.OutputKind);
        }

        w.Line();
        w.Line();
        return w.ToString() + ReadLoop();
    }

    private static void WriteOptimizer(PythonWriter w, Optimizer optimizer)
    {
        // parameters: a list of parameter groups (parameter_groups in TrainingLoop.py), or an iterable of parameters.
        w.Line("def make_optimizer(parameters, learning_rate):");
        w.Indent();
        switch (optimizer)
        {
            case SgdOptimizer s:
                w.Line($"\"\"\"SGD{(s.Momentum > 0 ? s.Nesterov ? " with Nesterov momentum" : " with momentum" : string.Empty)}, as the spec says.\"\"\"");
                w.Call("return torch.optim.SGD", new[]
                {
                    "parameters", "lr=learning_rate", $"momentum={F(s.Momentum)}", "dampening=0.0", $"weight_decay={F(s.WeightDecay)}", $"nesterov={PythonText.Bool(s.Nesterov)}",
                });
                break;
            case AdamOptimizer { Variant: OptimizerKind.Adamax } a:
                w.Line("\"\"\"Adamax, as the spec says.\"\"\"");
                w.Call("return torch.optim.Adamax", new[] { "parameters", "lr=learning_rate", Betas(a), $"eps={F(a.Epsilon)}", $"weight_decay={F(a.WeightDecay)}" });
                break;
            case AdamOptimizer a:
                var name = a.Variant == OptimizerKind.AdamW ? "AdamW" : "Adam";
                w.Line($"\"\"\"{name}{(a.Variant == OptimizerKind.AdamW ? " (decoupled weight decay)" : string.Empty)}, as the spec says.\"\"\"");
                w.Call($"return torch.optim.{name}", new[]
                {
                    "parameters", "lr=learning_rate", Betas(a), $"eps={F(a.Epsilon)}", $"weight_decay={F(a.WeightDecay)}", $"amsgrad={PythonText.Bool(a.Amsgrad)}",
                });
                break;
            case RmsPropOptimizer r:
                w.Line("\"\"\"RMSprop, as the spec says.\"\"\"");
                w.Call("return torch.optim.RMSprop", new[]
                {
                    "parameters", "lr=learning_rate", $"alpha={F(r.Alpha)}", $"eps={F(r.Epsilon)}", $"weight_decay={F(r.WeightDecay)}", $"momentum={F(r.Momentum)}",
                    $"centered={PythonText.Bool(r.Centered)}",
                });
                break;
            default:
                throw Unexpected.Value(optimizer);
        }

        w.Unindent();
    }

    /// <summary>The closed form of the .NET trainer's Schedules.LearningRateAt: epoch 1 uses the initial rate.</summary>
    private static void WriteSchedule(PythonWriter w, Schedule schedule)
    {
        w.Line("def learning_rate_at(epoch, epochs, initial=LEARNING_RATE):");
        w.Indent();
        switch (schedule)
        {
            case ConstantSchedule:
                w.Line("\"\"\"The learning rate of 1-based epoch: constant.\"\"\"");
                w.Line("return initial");
                break;
            case ExponentialSchedule e:
                w.Line($"\"\"\"The learning rate of 1-based epoch: times {F(e.Gamma)} after every epoch.\"\"\"");
                w.Line($"return initial * {F(e.Gamma)} ** (epoch - 1)");
                break;
            case StepSchedule s:
                w.Line($"\"\"\"The learning rate of 1-based epoch: times {F(s.Gamma)} every {PythonText.Int(s.StepSize)} epochs.\"\"\"");
                w.Line($"return initial * {F(s.Gamma)} ** ((epoch - 1) // {PythonText.Int(s.StepSize)})");
                break;
            case CosineSchedule c:
                var period = c.Period is { } p ? PythonText.Int(p) : "epochs";
                w.Line($"\"\"\"The learning rate of 1-based epoch: cosine annealing to {F(c.MinLearningRate)} over {(c.Period is null ? "all epochs" : period + " epochs")}.\"\"\"");
                w.Line($"period = {period}");
                w.Line("completed = min(epoch - 1, period)");
                w.Line($"return {F(c.MinLearningRate)} + (initial - {F(c.MinLearningRate)}) * (1 + math.cos(math.pi * completed / period)) / 2");
                break;
            default:
                throw Unexpected.Value(schedule);
        }

        w.Unindent();
    }

    /// <summary>The loss and the outputs it is computed from, as the .NET trainer's Losses: logits for the cross-entropies.</summary>
    private static void WriteLoss(PythonWriter w, LossFunction loss, double labelSmoothing)
    {
        // Label smoothing as PyTorch's cross_entropy defines it: (1 - s) x the loss of the label + s x the mean loss over
        // all classes; binary targets y become y (1 - s) + s / 2.
        var s = labelSmoothing > 0 ? F(labelSmoothing) : null;
        var (usesLogits, summary, expression) = loss switch
        {
            LossFunction.CategoricalCrossEntropy => (true, "categorical_cross_entropy: log-softmax and nll fused", CrossEntropy(s)),
            LossFunction.CrossEntropy => (true, "cross_entropy: log-softmax and nll fused", CrossEntropy(s)),
            LossFunction.NegativeLogLikelihood => (false, "nll: negative log-likelihood of the log-probabilities",
                s is null ? "F.nll_loss(outputs, targets)" : $"(1 - {s}) * F.nll_loss(outputs, targets) - {s} * outputs.mean()"),
            LossFunction.BinaryCrossEntropy => (false, "binary_cross_entropy of the probabilities",
                s is null ? "F.binary_cross_entropy(outputs, float_targets(outputs, targets))" : $"F.binary_cross_entropy(outputs, float_targets(outputs, targets) * (1 - {s}) + {s} / 2)"),
            LossFunction.MeanSquaredError => (false, "mse: the mean squared error", "F.mse_loss(outputs, float_targets(outputs, targets))"),
            _ => throw Unexpected.Value(loss),
        };

        w.Line("def loss_outputs(model, inputs):");
        w.Indent();
        w.Line(usesLogits
            ? "\"\"\"What the loss is computed from: the logits (forward_logits), as the .NET trainer.\"\"\""
            : "\"\"\"What the loss is computed from: forward's output, as the .NET trainer.\"\"\"");
        w.Line(usesLogits ? "return model.forward_logits(inputs)" : "return model(inputs)");
        w.Unindent();
        w.Line();
        w.Line();
        w.Line("def compute_loss(outputs, targets):");
        w.Indent();
        w.Line($"\"\"\"The batch's mean loss ({summary}{(s is null ? string.Empty : $", labels smoothed by {s}")}).\"\"\"");
        w.Line($"return {expression}");
        w.Unindent();
    }

    /// <summary>How a classifier's outputs become decisions, as the .NET evaluation's output rules.</summary>
    private static void WriteDecisions(PythonWriter w, ModelOutputKind kind)
    {
        w.Line("def count_correct(outputs, targets):");
        w.Indent();
        switch (kind)
        {
            case ModelOutputKind.Probabilities or ModelOutputKind.Logits or ModelOutputKind.LogProbabilities:
                w.Line("\"\"\"(right decisions, decisions): the most probable class against the label.\"\"\"");
                w.Line("return int((outputs.argmax(1) == targets).sum()), targets.numel()");
                break;
            case ModelOutputKind.Sigmoid:
                w.Line("\"\"\"(right decisions, decisions): yes when an output is above 0.5, against 0/1 targets.\"\"\"");
                w.Line("predicted = outputs.reshape(-1) > 0.5");
                w.Line("actual = targets.reshape(-1) > 0.5");
                w.Line("return int((predicted == actual).sum()), predicted.numel()");
                break;
            default:
                throw Unexpected.Value(kind);
        }

        w.Unindent();
    }

    /// <summary>
    /// The validation split and the callbacks as the .NET trainer applies them: dicts of their settings, None where the
    /// spec has none. Monitors keep their spec names (val_loss, ...), which the loop's epoch figures use as keys.
    /// </summary>
    private static void WriteCallbacks(PythonWriter w, TrainingDefinition t)
    {
        w.Line("# The fraction of the training data held out and validated on after every epoch (0: none).");
        w.Line($"VALIDATION_SPLIT = {F(t.ValidationSplit)}");
        w.Line("# Callbacks (None: not in the spec). A monitor names an epoch figure: val_loss, val_accuracy,");
        w.Line("# val_mae (validation data) or loss, accuracy, mae (training batches).");
        if (t.EarlyStopping is { } e)
        {
            w.Call("EARLY_STOPPING = dict", new[]
            {
                $"monitor={Monitor(e.Monitor)}", $"patience={PythonText.Int(e.Patience)}", $"min_delta={F(e.MinDelta)}", $"restore_best={PythonText.Bool(e.RestoreBest)}",
            });
        }
        else
        {
            w.Line("EARLY_STOPPING = None");
        }

        w.Line(t.BestCheckpoint is { } c ? $"BEST_CHECKPOINT = dict(monitor={Monitor(c.Monitor)})" : "BEST_CHECKPOINT = None");
        if (t.ReduceLearningRateOnPlateau is { } r)
        {
            w.Call("REDUCE_LR_ON_PLATEAU = dict", new[]
            {
                $"monitor={Monitor(r.Monitor)}", $"factor={F(r.Factor)}", $"patience={PythonText.Int(r.Patience)}", $"min_delta={F(r.MinDelta)}", $"min_lr={F(r.MinLearningRate)}",
            });
        }
        else
        {
            w.Line("REDUCE_LR_ON_PLATEAU = None");
        }
    }

    private static string Monitor(MonitoredMetric metric) => PythonText.Str(Language.Choices.Monitors.NameOf(metric));

    private static string CrossEntropy(string? smoothing) =>
        smoothing is null ? "F.cross_entropy(outputs, targets)" : $"F.cross_entropy(outputs, targets, label_smoothing={smoothing})";

    private static string Betas(AdamOptimizer a) => $"betas=({F(a.Beta1)}, {F(a.Beta2)})";

    private static string F(double value) => PythonText.Float(value);

    private static string ReadLoop()
    {
        using var stream = typeof(TrainingScriptCode).Assembly.GetManifestResourceStream(LoopResource)
            ?? throw new InvalidOperationException($"the resource {LoopResource} is missing from ModelGen.Compiler");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
