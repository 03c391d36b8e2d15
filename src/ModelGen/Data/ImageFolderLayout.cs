namespace ModelGen.Data;

/// <summary>
/// Where the pictures of an image folder are: its splits, each with one folder per class, and the files in them. Only
/// reads the directory tree (no picture is opened); every rule about the tree is checked here, with a message that
/// names the folder and says how to fix it.
/// </summary>
internal sealed class ImageFolderLayout
{
    /// <summary>The split folder names, as Keras and torchvision users lay them out.</summary>
    public const string TrainFolder = "train";
    public const string TestFolder = "test";
    public static readonly string[] ValidationFolders = ["validation", "val"];

    /// <summary>Files that operating systems leave in picture folders and that are never pictures.</summary>
    private static readonly HashSet<string> SystemFiles = new(["Thumbs.db", "desktop.ini"], StringComparer.OrdinalIgnoreCase);

    private ImageFolderLayout(string root, IReadOnlyList<string> classNames, SplitFiles train, SplitFiles? validation, SplitFiles? test)
    {
        Root = root;
        ClassNames = classNames;
        Train = train;
        Validation = validation;
        Test = test;
    }

    public string Root { get; }

    /// <summary>The class names: the class folders' names, sorted by ordinal comparison (as Python's <c>sorted</c>).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The training split, or every picture when the folder has no splits.</summary>
    public SplitFiles Train { get; }

    public SplitFiles? Validation { get; }

    public SplitFiles? Test { get; }

    /// <summary>
    /// Reads the tree under <paramref name="root"/>: either class folders directly (one split), or <c>train/</c> with
    /// optional <c>test/</c> and <c>validation/</c> (or <c>val/</c>), each holding the same class folders.
    /// </summary>
    /// <exception cref="DatasetException">The folder is missing, or its tree breaks a rule (the message says which).</exception>
    public static ImageFolderLayout Read(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DatasetException(File.Exists(full)
                ? $"{root} is a file, but an image folder is a folder with one subfolder per class (or train/ and test/ folders holding those)."
                : $"The image folder {root} does not exist.");
        }

        var folders = Subfolders(full);
        if (!folders.Contains(TrainFolder, StringComparer.Ordinal))
        {
            var all = ReadSplit(full, root, classNames: null);
            return new ImageFolderLayout(full, all.ClassNames, all, null, null);
        }

        var validationNames = ValidationFolders.Where(folders.Contains).ToList();
        var unexpected = folders.Where(f => f != TrainFolder && f != TestFolder && !ValidationFolders.Contains(f)).ToList();
        if (validationNames.Count > 1 || unexpected.Count > 0)
        {
            throw new DatasetException(
                $"{root} has a train/ folder, so it is read as splits, which allows only train/, test/ and validation/ (or val/) beside it; " +
                $"it also has {string.Join(", ", unexpected.Concat(validationNames.Skip(1)).Select(f => f + "/"))}. Move those elsewhere.");
        }

        var train = ReadSplit(Path.Combine(full, TrainFolder), Path.Combine(root, TrainFolder), classNames: null);
        var validation = validationNames.Count == 1
            ? ReadSplit(Path.Combine(full, validationNames[0]), Path.Combine(root, validationNames[0]), train.ClassNames)
            : null;
        var test = folders.Contains(TestFolder, StringComparer.Ordinal)
            ? ReadSplit(Path.Combine(full, TestFolder), Path.Combine(root, TestFolder), train.ClassNames)
            : null;
        return new ImageFolderLayout(full, train.ClassNames, train, validation, test);
    }

    /// <summary>
    /// The class folders of one split and their files (recursively, sorted by relative path). Given the training
    /// split's class names, the split must have exactly those.
    /// </summary>
    private static SplitFiles ReadSplit(string folder, string shownAs, IReadOnlyList<string>? classNames)
    {
        var classes = Subfolders(folder);
        if (classNames is not null && !classes.SequenceEqual(classNames, StringComparer.Ordinal))
        {
            var missing = classNames.Except(classes, StringComparer.Ordinal).ToList();
            var extra = classes.Except(classNames, StringComparer.Ordinal).ToList();
            throw new DatasetException(
                $"{shownAs} must have the same class folders as the training split ({string.Join(", ", classNames)})" +
                (missing.Count > 0 ? $"; it has no {string.Join(", ", missing)}" : string.Empty) +
                (extra.Count > 0 ? $"; it has {string.Join(", ", extra)}, which the training split has not" : string.Empty) + ".");
        }

        if (classes.Count == 0)
        {
            throw new DatasetException(
                $"{shownAs} has no class folders: put each class's pictures in a subfolder named after the class ({Path.Combine(shownAs, "cat", "1.png")}, " +
                $"{Path.Combine(shownAs, "dog", "1.png")}, ...), or give train/ and test/ folders that hold such subfolders.");
        }

        if (classes.Count == 1)
        {
            throw new DatasetException(
                $"{shownAs} has only one class folder ({classes[0]}): a classifier needs at least two classes, one folder each.");
        }

        var files = new List<LabeledFile>();
        for (var label = 0; label < classes.Count; label++)
        {
            var classFolder = Path.Combine(folder, classes[label]);
            var found = Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
                .Where(path => !IsHidden(Path.GetRelativePath(classFolder, path)) && !SystemFiles.Contains(Path.GetFileName(path)))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                throw new DatasetException(
                    $"The class folder {Path.Combine(shownAs, classes[label])} is empty: every class needs at least one picture. Add pictures, or remove the folder.");
            }

            files.AddRange(found.Select(path => new LabeledFile(path, label)));
        }

        return new SplitFiles(shownAs, classes, files);
    }

    /// <summary>The names of the visible subfolders, sorted by ordinal comparison.</summary>
    private static List<string> Subfolders(string folder) =>
        Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Where(name => !IsHidden(name)).Order(StringComparer.Ordinal).ToList();

    /// <summary>A name, or a part of a relative path, that starts with a dot (.DS_Store, .git, ...).</summary>
    private static bool IsHidden(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.'));
}

/// <summary>One picture file and its class.</summary>
internal readonly record struct LabeledFile(string Path, int Label);

/// <summary>The files of one split, in class order, then by path.</summary>
/// <param name="ShownAs">The split's folder as messages name it.</param>
/// <param name="ClassNames">Its class folders' names, sorted.</param>
/// <param name="Files">Its files, every file under a class folder (hidden ones aside).</param>
internal sealed record SplitFiles(string ShownAs, IReadOnlyList<string> ClassNames, IReadOnlyList<LabeledFile> Files);
