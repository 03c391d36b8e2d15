# The machinery below is the same for every spec: data, processes, the epoch loop, checkpoints.

CIFAR10_TRAIN_FILES = [f"data_batch_{i}.bin" for i in range(1, 6)]
CIFAR10_TEST_FILE = "test_batch.bin"
CIFAR10_IMAGES_PER_FILE = 10_000
CIFAR10_RECORD = 1 + 3 * 32 * 32  # one label byte, then the image, channel by channel
EVALUATION_BATCH_SIZE = 500  # as the .NET trainer: larger batches cost less without gradients
SAMPLE_NOUN = "images" if len(INPUT_SHAPE) == 3 else "samples"


class UserError(Exception):
    """A mistake the person running the script can fix: printed as one message, no traceback."""


class LossView(nn.Module):
    """The model as the loss sees it: DDP must call forward to synchronise gradients."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return loss_outputs(self.model, x)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description=f"Train {MODEL_NAME} with its spec's settings (run it with torchrun for "
                    "several processes).")
    parser.add_argument("--data", required=True,
                        help="cifar-10-binary.tar.gz, its extracted cifar-10-batches-bin folder, "
                             "or an .npz file with x_train, y_train, x_test and y_test")
    parser.add_argument("--epochs", type=int, default=EPOCHS,
                        help=f"overrides the spec's epochs ({EPOCHS})")
    parser.add_argument("--limit", type=int,
                        help="train on the first N training samples only")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help=f"samples per optimisation step over all processes (spec: "
                             f"{BATCH_SIZE}); the learning rate scales with it")
    parser.add_argument("--out", help="folder for checkpoint.pt and model.pt "
                                      "(default: runs/pytorch-<timestamp>)")
    parser.add_argument("--resume", action="store_true",
                        help="continue from the checkpoint in --out")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed for weights, shuffling and dropout (default: 1)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                        help="cuda: one GPU per process, nccl; cpu: gloo (default: auto)")
    parser.add_argument("--validation-split", type=float, default=VALIDATION_SPLIT,
                        help="fraction of the training data held out to validate on after every "
                             f"epoch (spec: {VALIDATION_SPLIT}; 0: none)")
    arguments = parser.parse_args(argv)
    if not 0 <= arguments.validation_split < 1:
        parser.error("--validation-split must be at least 0 and below 1, "
                     f"not {arguments.validation_split}")
    for name in ("epochs", "limit", "batch_size"):
        value = getattr(arguments, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1, not {value}")
    if arguments.resume and arguments.out is None:
        parser.error("--resume continues an earlier run: pass its folder with --out")
    return arguments


def load_data(path, limit):
    """(train inputs, train targets, test inputs, test targets) as tensors."""
    if path.endswith(".npz"):
        return load_npz(path, limit)
    if tuple(INPUT_SHAPE) != (3, 32, 32):
        raise UserError(f"CIFAR-10 images are (3, 32, 32), but {MODEL_NAME} takes "
                        f"{tuple(INPUT_SHAPE)}: pass an .npz file with x_train, y_train, "
                        "x_test and y_test")
    files = read_cifar10_files(path)
    train = np.concatenate([records(files, name) for name in CIFAR10_TRAIN_FILES])
    test = records(files, CIFAR10_TEST_FILE)
    train = train[:limit] if limit else train

    def split(rows):
        images = torch.from_numpy(rows[:, 1:].reshape(-1, 3, 32, 32).copy())
        labels = torch.from_numpy(rows[:, 0].astype(np.int64))
        if int(labels.max()) > 9:
            raise UserError(f"{path} is not CIFAR-10: it has labels above 9")
        return images, labels

    return (*split(train), *split(test))


def read_cifar10_files(path):
    """The bytes of the six batch files, from the archive or from its extracted folder."""
    wanted = CIFAR10_TRAIN_FILES + [CIFAR10_TEST_FILE]
    if os.path.isdir(path):
        folder = os.path.join(path, "cifar-10-batches-bin")
        folder = folder if os.path.isdir(folder) else path
        missing = [n for n in wanted if not os.path.isfile(os.path.join(folder, n))]
        if missing:
            raise UserError(f"{folder} has no {', '.join(missing)}: pass the extracted "
                            "cifar-10-batches-bin folder or cifar-10-binary.tar.gz")
        files = {}
        for name in wanted:
            with open(os.path.join(folder, name), "rb") as file:
                files[name] = file.read()
        return files
    if not os.path.isfile(path):
        raise UserError(f"{path} does not exist")
    files = {}
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                name = os.path.basename(member.name)
                if member.isfile() and name in wanted:
                    files[name] = archive.extractfile(member).read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise UserError(f"{path} is not a readable CIFAR-10 archive ({error})") from error
    missing = [n for n in wanted if n not in files]
    if missing:
        raise UserError(f"{path} has no {', '.join(missing)}: is it cifar-10-binary.tar.gz?")
    return files


def records(files, name):
    data = files[name]
    if len(data) != CIFAR10_IMAGES_PER_FILE * CIFAR10_RECORD:
        raise UserError(f"{name} has {len(data):,} bytes, not "
                        f"{CIFAR10_IMAGES_PER_FILE * CIFAR10_RECORD:,}: the data is damaged")
    return np.frombuffer(data, dtype=np.uint8).reshape(-1, CIFAR10_RECORD)


def load_npz(path, limit):
    try:
        with np.load(path) as arrays:
            parts = [arrays[key] for key in ("x_train", "y_train", "x_test", "y_test")]
    except (OSError, ValueError, KeyError) as error:
        raise UserError(f"{path} needs arrays x_train, y_train, x_test and y_test ({error})")
    x_train, y_train, x_test, y_test = [torch.from_numpy(np.ascontiguousarray(a)) for a in parts]
    for inputs, targets, split in ((x_train, y_train, "train"), (x_test, y_test, "test")):
        if tuple(inputs.shape[1:]) != tuple(INPUT_SHAPE) or len(inputs) != len(targets):
            raise UserError(f"x_{split} is shaped {tuple(inputs.shape)} with {len(targets)} "
                            f"targets, but {MODEL_NAME} takes (N, *{tuple(INPUT_SHAPE)})")
        if inputs.dtype not in (torch.uint8, torch.float32):
            raise UserError(f"x_{split} must be uint8 images or float32 features, "
                            f"not {inputs.dtype}")
    limit = limit or len(x_train)
    return x_train[:limit], y_train[:limit], x_test, y_test


def split_validation(inputs, targets, fraction, seed):
    """(train inputs, train targets, validation inputs, validation targets): round(n * fraction)
    samples chosen at random with the seed are held out, both parts keep the stored order."""
    count = int(round(len(inputs) * fraction))
    if count == 0:
        if fraction > 0:
            raise UserError(f"a validation split of {fraction} of {len(inputs)} training samples "
                            "holds out none: use a larger fraction or more data")
        return inputs, targets, None, None
    if count >= len(inputs):
        raise UserError(f"a validation split of {fraction} leaves no training samples of "
                        f"{len(inputs)}: use a smaller fraction")
    order = torch.randperm(len(inputs), generator=torch.Generator().manual_seed(seed))
    held, kept = order[:count].sort().values, order[count:].sort().values
    return inputs[kept], targets[kept], inputs[held], targets[held]


class Watch:
    """The best value of one monitored figure so far, and the epochs in a row since it improved.

    Losses and mean absolute errors improve downwards, accuracies upwards; a value improves on the
    best only by more than min_delta, and a value that is not a number never does.
    """

    def __init__(self, monitor, min_delta=0.0):
        self.monitor, self.min_delta = monitor, min_delta
        self.best, self.best_epoch, self.wait = None, 0, 0

    def update(self, figures, epoch):
        """Whether the epoch's figure is a new best (and then it is the best)."""
        value = figures[self.monitor]
        if self.best is None:
            better = value == value  # not NaN
        elif self.monitor.endswith("accuracy"):
            better = value > self.best + self.min_delta
        else:
            better = value < self.best - self.min_delta
        if better:
            self.best, self.best_epoch, self.wait = value, epoch, 0
        else:
            self.wait += 1
        return better

    def state(self):
        return {"best": self.best, "best_epoch": self.best_epoch, "wait": self.wait}

    def restore(self, state):
        self.best, self.best_epoch, self.wait = state["best"], state["best_epoch"], state["wait"]


class Callbacks:
    """Early stopping, the best-model checkpoint and reduce-on-plateau, as the spec sets them."""

    def __init__(self, has_validation):
        settings = [s for s in (EARLY_STOPPING, BEST_CHECKPOINT, REDUCE_LR_ON_PLATEAU) if s]
        for setting in settings:
            if setting["monitor"].startswith("val_") and not has_validation:
                raise UserError(f"a callback monitors {setting['monitor']}, but there is no "
                                "validation data: give the spec a validation_split, or pass "
                                "--validation-split 0.2")
        self.stopping = EARLY_STOPPING and Watch(EARLY_STOPPING["monitor"],
                                                 EARLY_STOPPING["min_delta"])
        self.best = BEST_CHECKPOINT and Watch(BEST_CHECKPOINT["monitor"])
        self.plateau = REDUCE_LR_ON_PLATEAU and Watch(REDUCE_LR_ON_PLATEAU["monitor"],
                                                      REDUCE_LR_ON_PLATEAU["min_delta"])
        self.reductions = 0
        self.best_weights = None

    def learning_rate(self, scheduled):
        """The schedule's rate, times factor per reduction so far, never below min_lr."""
        if not self.reductions:
            return scheduled
        reduced = scheduled * REDUCE_LR_ON_PLATEAU["factor"] ** self.reductions
        return max(REDUCE_LR_ON_PLATEAU["min_lr"], reduced)

    def epoch_ended(self, figures, epoch, model, say):
        """Updates every watch; returns (whether to stop, whether this epoch is the best)."""
        new_best = bool(self.best) and self.best.update(figures, epoch)
        if self.plateau and not self.plateau.update(figures, epoch):
            if self.plateau.wait >= REDUCE_LR_ON_PLATEAU["patience"]:
                self.reductions += 1
                self.plateau.wait = 0
                say(f"Epoch {epoch}: {self.plateau.monitor} has not improved for "
                    f"{REDUCE_LR_ON_PLATEAU['patience']} epochs: the learning rate is multiplied "
                    f"by {REDUCE_LR_ON_PLATEAU['factor']} from the next epoch on")
        if not self.stopping:
            return False, new_best
        if self.stopping.update(figures, epoch):
            if EARLY_STOPPING["restore_best"]:
                self.best_weights = {k: v.detach().clone() for k, v in model.state_dict().items()}
            return False, new_best
        return self.stopping.wait >= EARLY_STOPPING["patience"], new_best

    def state(self):
        return {name: watch.state() for name, watch in
                (("stopping", self.stopping), ("best", self.best), ("plateau", self.plateau))
                if watch} | {"reductions": self.reductions, "best_weights": self.best_weights}

    def restore(self, state):
        for name, watch in (("stopping", self.stopping), ("best", self.best),
                            ("plateau", self.plateau)):
            if watch and name in state:
                watch.restore(state[name])
        self.reductions, self.best_weights = state["reductions"], state["best_weights"]


def parameter_groups(model, learning_rate):
    """The model's trainable parameters in groups, each with its lr_scale and learning rate: batch
    norm's (BATCH_NORM_GROUP), the biases of the other layers (BIAS_GROUP), all others; a group
    the spec does not set joins the others."""
    members = {"batch_norm": [], "bias": [], "other": []}
    for module in model.modules():
        for name, parameter in module.named_parameters(recurse=False):
            if not parameter.requires_grad:
                continue  # frozen by the spec (batch_norm scale: false, whitening)
            if BATCH_NORM_GROUP and isinstance(module, nn.modules.batchnorm._BatchNorm):
                members["batch_norm"].append(parameter)
            elif BIAS_GROUP and name == "bias" and not isinstance(
                    module, nn.modules.batchnorm._BatchNorm):
                members["bias"].append(parameter)
            else:
                members["other"].append(parameter)
    settings = {"batch_norm": BATCH_NORM_GROUP, "bias": BIAS_GROUP, "other": None}
    groups = []
    for key, parameters in members.items():
        if not parameters:
            continue
        setting = settings[key] or {}
        scale = setting.get("lr_scale", 1.0)
        group = {"params": parameters, "lr_scale": scale, "lr": learning_rate * scale}
        if setting.get("weight_decay") is not None:
            group["weight_decay"] = setting["weight_decay"]
        groups.append(group)
    return groups


def set_learning_rate(optimizer, rate):
    """Every group's rate: rate times the group's lr_scale."""
    for group in optimizer.param_groups:
        group["lr"] = rate * group.get("lr_scale", 1.0)


def epoch_generator(seed, epoch):
    """The random numbers of one epoch's augmentation: the same for a resumed epoch."""
    return torch.Generator().manual_seed((seed * 1_000_003 + epoch) * 7_919 + 17)


def augment(images, epoch, seed, mean):
    """The training images of 1-based epoch as the spec's augment: says, on uint8 (N, C, H, W).

    crop: each image translated by up to padding pixels (the revealed border mirrored, or zero);
    flip: mirrored left to right with probability 1/2 (alternate: random in epoch 1, then the
    opposite of the epoch before); cutout: a size x size square centred at a random pixel, clipped
    at the edges, set to the normalisation mean.
    """
    generator = epoch_generator(seed, epoch)
    count, _, height, width = images.shape
    if AUGMENT_CROP:
        padding = AUGMENT_CROP["padding"]
        if AUGMENT_CROP["fill"] == "reflect":
            rows, columns = reflect_index(height, padding), reflect_index(width, padding)
            padded = images.index_select(2, rows).index_select(3, columns)
        else:
            padded = F.pad(images, (padding, padding, padding, padding))
        shifts = torch.randint(0, 2 * padding + 1, (count, 2), generator=generator)
        cropped = torch.empty_like(images)
        for dy in range(2 * padding + 1):
            for dx in range(2 * padding + 1):
                chosen = ((shifts[:, 0] == dy) & (shifts[:, 1] == dx)).nonzero().flatten()
                cropped[chosen] = padded[chosen, :, dy:dy + height, dx:dx + width]
        images = cropped
    if AUGMENT_FLIP:
        if AUGMENT_FLIP == "alternate":
            flipped = torch.rand(count, generator=epoch_generator(seed, 0)) < 0.5
            flipped = flipped if epoch % 2 == 1 else ~flipped
        else:
            flipped = torch.rand(count, generator=generator) < 0.5
        images = torch.where(flipped.view(-1, 1, 1, 1), images.flip(3), images)
    if AUGMENT_CUTOUT:
        size = AUGMENT_CUTOUT
        centres = torch.rand(count, 2, generator=generator)
        top = (centres[:, 0] * height).long() - size // 2
        left = (centres[:, 1] * width).long() - size // 2
        y = torch.arange(height).view(1, -1)
        x = torch.arange(width).view(1, -1)
        inside_rows = (y >= top.view(-1, 1)) & (y < top.view(-1, 1) + size)
        inside_columns = (x >= left.view(-1, 1)) & (x < left.view(-1, 1) + size)
        square = (inside_rows.view(count, 1, height, 1) & inside_columns.view(count, 1, 1, width))
        fill = mean.view(1, -1, 1, 1).expand_as(images)
        images = torch.where(square, fill, images)
    return images


def reflect_index(size, padding):
    """Indices of a line of size pixels padded by reflection: padding, ..., 1, 0, 1, ..."""
    index = torch.arange(-padding, size + padding).abs()
    return torch.where(index >= size, 2 * (size - 1) - index, index)


def fill_colour(channels):
    """The normalisation mean as a uint8 colour (what cutout fills with: 0 after normalising)."""
    mean = torch.tensor(NORMALIZE_MEAN, dtype=torch.float32).expand(channels)
    return (mean * 255).round().clamp(0, 255).to(torch.uint8)


class WeightAverage:
    """An exponential moving average of the model's floating-point state (weights and batch-norm
    statistics, as torch.optim.swa_utils.AveragedModel with use_buffers), updated every
    EMA["every"] steps; integer state (batch counts) is copied."""

    def __init__(self, model):
        self.model = model
        self.state = {k: v.detach().clone() for k, v in model.state_dict().items()}

    def update(self, step):
        """Folds the model's state in after the step-th step, when it is an update step."""
        if step % EMA["every"] != 0:
            return
        with torch.no_grad():
            for key, value in self.model.state_dict().items():
                average = self.state[key]
                if average.is_floating_point():
                    average.mul_(EMA["decay"]).add_(value.detach(), alpha=1 - EMA["decay"])
                else:
                    average.copy_(value)


class AveragedWeights:
    """Within the block the model holds the weight average; after it, its own weights again."""

    def __init__(self, model, average):
        self.model, self.average, self.own = model, average, None

    def __enter__(self):
        if self.average is not None:
            self.own = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
            self.model.load_state_dict(self.average.state)
        return self.model

    def __exit__(self, *exception):
        if self.own is not None:
            self.model.load_state_dict(self.own)


def prepare(inputs, targets, device):
    """A batch as the model takes it: uint8 images become (x / 255 - mean) / std."""
    inputs = inputs.to(device)
    if inputs.dtype == torch.uint8:
        mean = torch.tensor(NORMALIZE_MEAN, dtype=torch.float32, device=device)
        std = torch.tensor(NORMALIZE_STD, dtype=torch.float32, device=device)
        shape = (1, -1) + (1,) * (inputs.dim() - 2)
        inputs = inputs.float().div_(255.0).sub_(mean.view(shape)).div_(std.view(shape))
    return inputs, targets.to(device)


def float_targets(outputs, targets):
    """Targets shaped like the outputs: one-hot rows for class indices over several outputs."""
    if targets.dtype == torch.int64 and outputs.shape[-1] > 1:
        return F.one_hot(targets, outputs.shape[-1]).to(outputs.dtype)
    return targets.to(outputs.dtype).reshape(outputs.shape)


class Totals:
    """Sums over a pass, added up over all processes: loss, samples, right decisions, errors."""

    def __init__(self, device):
        self.values = torch.zeros(5, dtype=torch.float64, device=device)

    def add(self, outputs, targets, loss):
        count = targets.shape[0]
        outputs = outputs.detach()
        self.values[0] += loss.item() * count
        self.values[1] += count
        if OUTPUT_KIND == "regression":
            difference = outputs - targets.to(outputs.dtype).reshape(outputs.shape)
            self.values[2] += difference.square().sum().item()
            self.values[3] += difference.abs().sum().item()
            self.values[4] += outputs.numel()
        else:
            correct, decisions = count_correct(outputs, targets)
            self.values[2] += correct
            self.values[4] += decisions

    def reduce(self):
        if dist.is_initialized():
            dist.all_reduce(self.values)
        return self

    @property
    def samples(self):
        return int(self.values[1])

    @property
    def loss(self):
        return float(self.values[0] / max(1.0, float(self.values[1])))

    @property
    def figure(self):
        """Accuracy for a classifier, the mean absolute error for a regression model."""
        index = 3 if OUTPUT_KIND == "regression" else 2
        return float(self.values[index] / max(1.0, float(self.values[4])))

    @property
    def mean_squared_error(self):
        return float(self.values[2] / max(1.0, float(self.values[4])))


def train_epoch(model, optimizer, inputs, targets, sampler, batch_size, device, step_rate,
                first_step, average):
    """One pass; step_rate(step) is the learning rate of a global 0-based step (None: the epoch's
    rate stays), and average the weight average to update after every step (or None)."""
    model.train()
    totals = Totals(device)
    order = list(sampler)
    for number, start in enumerate(range(0, len(order), batch_size)):
        step = first_step + number
        if step_rate:
            set_learning_rate(optimizer, step_rate(step))
        index = torch.tensor(order[start:start + batch_size])
        batch, batch_targets = prepare(inputs[index], targets[index], device)
        optimizer.zero_grad()
        outputs = model(batch)
        loss = compute_loss(outputs, batch_targets)
        loss.backward()
        optimizer.step()
        if average is not None:
            average.update(step + 1)
        totals.add(outputs, batch_targets, loss)
    return totals.reduce()


def mirror_average(view, batch):
    """The mean of the outputs for the images and their mirror images."""
    return (view(batch) + view(batch.flip(3))) / 2


def test_time_outputs(view, batch):
    """The outputs evaluation uses: their mean over the views TEST_TIME_AUGMENTATION names."""
    if TEST_TIME_AUGMENTATION == "none":
        return view(batch)
    outputs = mirror_average(view, batch)
    if TEST_TIME_AUGMENTATION == "flip_translate":
        height, width = batch.shape[2], batch.shape[3]
        padded = F.pad(batch, (1, 1, 1, 1), mode="reflect")
        moved_down_right = mirror_average(view, padded[:, :, :height, :width])
        moved_up_left = mirror_average(view, padded[:, :, 2:height + 2, 2:width + 2])
        outputs = 0.5 * outputs + 0.25 * moved_down_right + 0.25 * moved_up_left
    return outputs


def evaluate(view, inputs, targets, rank, world_size, device):
    """The loss and metrics on every sample, each process taking every world_size-th one."""
    view.eval()
    totals = Totals(device)
    shard = torch.arange(rank, len(inputs), world_size)
    with torch.no_grad():
        for start in range(0, len(shard), EVALUATION_BATCH_SIZE):
            index = shard[start:start + EVALUATION_BATCH_SIZE]
            batch, batch_targets = prepare(inputs[index], targets[index], device)
            outputs = test_time_outputs(view, batch)
            totals.add(outputs, batch_targets, compute_loss(outputs, batch_targets))
    return totals.reduce()


def epoch_line(epoch, epochs, learning_rate, train, validation, test, images_per_second, seconds):
    """The .NET trainer's line: Epoch  3/10  lr 0.004050  loss 0.9873  acc 0.6512  ..."""
    name = "MAE" if OUTPUT_KIND == "regression" else "acc"
    number = str(epoch).rjust(len(str(max(epochs, epoch))))
    validated = (f"val loss {validation.loss:.4f}  val {name} {validation.figure:.4f}  "
                 if validation else "")
    return (f"Epoch {number}/{epochs}  lr {learning_rate:.6f}  "
            f"loss {train.loss:.4f}  {name} {train.figure:.4f}  {validated}"
            f"test loss {test.loss:.4f}  test {name} {test.figure:.4f}  "
            f"{images_per_second:>7,.0f} img/s  {seconds:6.1f} s")


def epoch_figures(train, validation):
    """The figures a callback can monitor, by their spec names."""
    figure = "mae" if OUTPUT_KIND == "regression" else "accuracy"
    figures = {"loss": train.loss, figure: train.figure}
    if validation:
        figures |= {"val_loss": validation.loss, "val_" + figure: validation.figure}
    return figures


def save_atomically(value, path):
    """torch.save to a temporary file beside path, flushed to disk, then renamed over it."""
    temporary = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            torch.save(value, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def start_processes(device_choice):
    """(rank, world size, device, whether this script started the process group).

    torchrun's environment, or one process without it. A launcher that starts the process group
    itself (Ray Train) is joined: its group is neither started again nor ended here.
    """
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = device_choice == "cuda" or (device_choice == "auto" and torch.cuda.is_available())
    if use_cuda and not torch.cuda.is_available():
        raise UserError("--device cuda was requested, but this PyTorch sees no GPU")
    if use_cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    starts_group = world_size > 1 and not dist.is_initialized()
    if starts_group:
        dist.init_process_group("nccl" if use_cuda else "gloo", rank=rank, world_size=world_size)
    return rank, world_size, device, starts_group


def shared_output_folder(requested, rank):
    """--out, or one runs/pytorch-<timestamp> that every process agrees on (rank 0's)."""
    folder = [requested or os.path.join(
        "runs", "pytorch-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))]
    if dist.is_initialized():
        dist.broadcast_object_list(folder, src=0)
    if rank == 0:
        os.makedirs(folder[0], exist_ok=True)
    return folder[0]


def train(arguments):
    rank, world_size, device, owns_group = start_processes(arguments.device)

    def say(text):
        if rank == 0:
            print(text, flush=True)

    out = shared_output_folder(arguments.out, rank)
    train_x, train_y, test_x, test_y = load_data(arguments.data, arguments.limit)
    train_x, train_y, val_x, val_y = split_validation(train_x, train_y, arguments.validation_split,
                                                      arguments.seed)
    callbacks = Callbacks(val_x is not None)

    # Each process takes batch_size / world_size samples (rounded up) per step. The learning
    # rate follows the global batch (the linear scaling rule), so the spec's batch size keeps
    # the spec's learning rate however many processes share it.
    per_process = -(-arguments.batch_size // world_size)
    global_batch = per_process * world_size
    learning_rate = LEARNING_RATE * global_batch / BATCH_SIZE

    torch.manual_seed(arguments.seed)
    model = create_model().to(device)
    checkpoint_path = os.path.join(out, "checkpoint.pt")
    resuming = arguments.resume and os.path.exists(checkpoint_path)
    if not resuming and hasattr(model, "adapt"):
        # A model with a whitening layer computes its filters from the first training images,
        # normalised, as the .NET trainer does; a resumed run has them in its checkpoint.
        count = min(model.ADAPTATION_SAMPLES, len(train_x))
        model.adapt(prepare(train_x[:count], train_y[:count], device)[0])
    view = LossView(model)
    ddp = DistributedDataParallel(view) if world_size > 1 else view
    optimizer = make_optimizer(parameter_groups(model, learning_rate), learning_rate)
    average = WeightAverage(model) if EMA else None
    sampler = DistributedSampler(torch.utils.data.TensorDataset(train_x, train_y),
                                 num_replicas=world_size, rank=rank, shuffle=True,
                                 seed=arguments.seed)
    steps_per_epoch = -(-len(sampler) // per_process)
    total_steps = steps_per_epoch * arguments.epochs
    augments = (bool(AUGMENT_CROP or AUGMENT_FLIP or AUGMENT_CUTOUT)
                and train_x.dtype == torch.uint8)
    fill = fill_colour(train_x.shape[1]) if AUGMENT_CUTOUT else None

    first_epoch, history = 1, []
    if resuming:
        # This script's own file; PyTorch 1.13's weights-only loader cannot read the floats in it.
        checkpoint = torch.load(checkpoint_path, map_location=device, weights_only=False)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        first_epoch, history = checkpoint["epoch"] + 1, checkpoint["history"]
        callbacks.restore(checkpoint["callbacks"])
        if average is not None:
            average.state = checkpoint["average"]
        say(f"Resuming from {checkpoint_path} (epoch {checkpoint['epoch']} done).")
    elif arguments.resume:
        say(f"No checkpoint in {out} yet: starting from epoch 1.")

    parameters = sum(p.numel() for p in model.parameters())
    validated = f", {len(val_x):,} validation" if val_x is not None else ""
    say(f"Training {MODEL_NAME} ({parameters:,} parameters) for {arguments.epochs} epochs on "
        f"{len(train_x):,} training{validated} and {len(test_x):,} test {SAMPLE_NOUN} from "
        f"{arguments.data}")
    say(f"{world_size} process(es), {device.type}"
        f"{' (' + dist.get_backend() + ')' if dist.is_initialized() else ''}: "
        f"{per_process} samples per process and step, global batch {global_batch}, "
        f"learning rate {learning_rate:g}")

    best_path = os.path.join(out, "best.pt")
    for epoch in range(first_epoch, arguments.epochs + 1):
        first_step = (epoch - 1) * steps_per_epoch
        if SCHEDULE_PER_STEP:
            def step_rate(step):
                scheduled = learning_rate_at_step(step, total_steps, learning_rate)
                return callbacks.learning_rate(scheduled)
            rate = step_rate(first_step)
        else:
            step_rate = None
            scheduled = learning_rate_at(epoch, arguments.epochs, learning_rate)
            rate = callbacks.learning_rate(scheduled)
        set_learning_rate(optimizer, rate)
        epoch_x = augment(train_x, epoch, arguments.seed, fill) if augments else train_x
        # Dropout differs from process to process, and is the same again for a resumed epoch.
        torch.manual_seed((arguments.seed * 1_000_003 + epoch) * 1_009 + rank)
        sampler.set_epoch(epoch)
        started = time.perf_counter()
        train_totals = train_epoch(ddp, optimizer, epoch_x, train_y, sampler, per_process, device,
                                   step_rate, first_step, average)
        seconds = time.perf_counter() - started
        # Evaluation, callbacks and best.pt see the weight average when there is one.
        with AveragedWeights(model, average):
            validation_totals = (evaluate(view, val_x, val_y, rank, world_size, device)
                                 if val_x is not None else None)
            test_totals = evaluate(view, test_x, test_y, rank, world_size, device)
            say(epoch_line(epoch, arguments.epochs, rate, train_totals, validation_totals,
                           test_totals, train_totals.samples / seconds, seconds))
            history.append({"epoch": epoch, "lr": rate, "loss": train_totals.loss,
                            "test_loss": test_totals.loss, "test_figure": test_totals.figure})
            stop, new_best = callbacks.epoch_ended(epoch_figures(train_totals, validation_totals),
                                                   epoch, model, say)
            if rank == 0 and new_best:
                save_atomically({k: v.cpu() for k, v in model.state_dict().items()}, best_path)
                say(f"Epoch {epoch}: {callbacks.best.monitor} reached a new best, "
                    f"{callbacks.best.best:.4f}: saved {best_path}")
        if rank == 0:
            save_atomically({"epoch": epoch, "model": model.state_dict(),
                             "optimizer": optimizer.state_dict(), "history": history,
                             "callbacks": callbacks.state(),
                             "average": average.state if average is not None else None},
                            checkpoint_path)
        if stop:
            watch = callbacks.stopping
            say(f"Early stopping after epoch {epoch}: {watch.monitor} has not improved for "
                f"{EARLY_STOPPING['patience']} epochs (best {watch.best:.4f}, epoch "
                f"{watch.best_epoch})")
            break

    last_epoch = history[-1]["epoch"] if history else 0
    if average is not None:
        model.load_state_dict(average.state)  # the weights evaluation saw are the model's
    if callbacks.best_weights is not None and callbacks.stopping.best_epoch != last_epoch:
        model.load_state_dict(callbacks.best_weights)
        say(f"Restored the weights of epoch {callbacks.stopping.best_epoch}, the best "
            f"{callbacks.stopping.monitor} ({callbacks.stopping.best:.4f})")

    final = evaluate(view, test_x, test_y, rank, world_size, device)
    weights_path = os.path.join(out, "model.pt")
    if rank == 0:
        save_atomically({k: v.cpu() for k, v in model.state_dict().items()}, weights_path)
    say(f"Weights: {weights_path}")
    say(f"Test loss: {final.loss:.4f}")
    if OUTPUT_KIND == "regression":
        say(f"Test MSE: {final.mean_squared_error:.4f}")
        say(f"Test MAE: {final.figure:.4f}")
    else:
        say(f"Test accuracy: {final.figure:.4f}")
    if dist.is_initialized():
        dist.barrier()
    if owns_group:
        dist.destroy_process_group()


def main(argv=None):
    arguments = parse_arguments(argv)
    try:
        train(arguments)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
