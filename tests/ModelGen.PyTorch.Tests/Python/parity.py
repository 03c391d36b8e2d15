"""The PyTorch side of the parity tests: runs the generated code on files the .NET side wrote.

Every file is a state_dict-style file (a dictionary of named tensors, as torch.save writes
it), which TorchSharp.PyBridge reads and writes on the .NET side.

    parity.py forward EXPORT_DIR MODULE CLASS WEIGHTS INPUTS OUT
    parity.py step EXPORT_DIR SCRIPT WEIGHTS BATCHES OUT
    parity.py prepare EXPORT_DIR SCRIPT IMAGES OUT
    parity.py schedule EXPORT_DIR SCRIPT EPOCHS OUT
    parity.py adapt EXPORT_DIR MODULE CLASS IMAGES OUT
    parity.py steps EXPORT_DIR SCRIPT TOTAL_STEPS OUT
"""

import importlib
import sys

import torch
from torch import nn


def load(path):
    return torch.load(path, weights_only=True)


def forward(module_name, class_name, weights, inputs, out):
    """forward and forward_logits in eval mode, from the .NET model's weights."""
    model = getattr(importlib.import_module(module_name), class_name)()
    model.load_state_dict(load(weights))
    model.eval()
    x = load(inputs)["input"]
    with torch.no_grad():
        torch.save({"forward": model(x), "forward_logits": model.forward_logits(x)}, out)


def step(script_name, weights, batches, out):
    """Steps with the script's optimizer and loss: dropout off, batch norm training, float64."""
    script = importlib.import_module(script_name)
    model = script.create_model().double()
    model.load_state_dict(load(weights))
    model.train()
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.eval()
    optimizer = script.make_optimizer(script.parameter_groups(model, script.LEARNING_RATE),
                                      script.LEARNING_RATE)
    data = load(batches)
    for i in range(len(data) // 2):
        optimizer.zero_grad()
        outputs = script.loss_outputs(model, data[f"inputs{i}"])
        script.compute_loss(outputs, data[f"targets{i}"]).backward()
        optimizer.step()
    torch.save(model.state_dict(), out)


def prepare(script_name, images, out):
    """The script's input scaling of uint8 images."""
    script = importlib.import_module(script_name)
    x = load(images)["images"]
    prepared, _ = script.prepare(x, torch.zeros(len(x), dtype=torch.int64), torch.device("cpu"))
    torch.save({"prepared": prepared}, out)


def schedule(script_name, epochs, out):
    """The script's learning rate of every epoch, as float64."""
    script = importlib.import_module(script_name)
    epochs = int(epochs)
    rates = [script.learning_rate_at(e, epochs) for e in range(1, epochs + 1)]
    torch.save({"rates": torch.tensor(rates, dtype=torch.float64)}, out)


def adapt(module_name, class_name, images, out):
    """The model's state_dict after adapt (the whitening filters) on the .NET side's images."""
    model = getattr(importlib.import_module(module_name), class_name)()
    model.adapt(load(images)["images"])
    torch.save(model.state_dict(), out)


def steps(script_name, total_steps, out):
    """The script's learning rate of every step of a per-step schedule, as float64."""
    script = importlib.import_module(script_name)
    total_steps = int(total_steps)
    rates = [script.learning_rate_at_step(s, total_steps) for s in range(total_steps)]
    torch.save({"rates": torch.tensor(rates, dtype=torch.float64)}, out)


def main(command, export_dir, *arguments):
    sys.path.insert(0, export_dir)
    commands = {"forward": forward, "step": step, "prepare": prepare, "schedule": schedule,
                "adapt": adapt, "steps": steps}
    commands[command](*arguments)


if __name__ == "__main__":
    main(*sys.argv[1:])
