using System.Globalization;
using nietras.SeparatedValues;
using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>How <see cref="CsvTable"/> reads a table.</summary>
public sealed record CsvTableOptions
{
    /// <summary>The column the model should predict: labels (text or whole numbers) for a classifier, numbers for regression.</summary>
    public required string TargetColumn { get; init; }

    /// <summary>The feature columns, in the model's input order. Default: every other column, in the file's order.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>
    /// A classifier's classes, for a table that must use those of another (a test table uses the training table's).
    /// Default: the target column's distinct values, sorted (as numbers when they all are whole numbers).
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}

/// <summary>
/// Reads a CSV table (a header row naming the columns, then one row per sample; comma, semicolon, tab or pipe as
/// separator, RFC 4180 quotes) as a data set for a model with a flat input <c>[features]</c>. Every feature cell must be
/// a number (invariant culture: a dot for decimals); the target column holds a classifier's labels, text or whole
/// numbers, which become classes, or a regression model's numbers. Which one, the model's <c>OutputKind</c> decides.
/// Mistakes are reported with the file, the line and the column: a missing value (an empty cell, NA, NaN, null or ?),
/// a cell that is not a number, a row with another number of cells, a target column that does not exist.
/// </summary>
public static class CsvTable
{
    private static readonly HashSet<string> MissingMarkers = new(["", "NA", "N/A", "NaN", "null", "?"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the table at <paramref name="path"/> for <typeparamref name="TModel"/>: <paramref name="targetColumn"/> is
    /// the target, the other columns the features (or, given <paramref name="like"/>, that table's feature columns and
    /// classes: read a test table like its training table).
    /// </summary>
    /// <exception cref="DatasetException">The file or a column is missing, a cell is missing or not a number, or the table
    /// does not fit the model. The message names the file, and the line and column where it applies.</exception>
    public static TableData Load<TModel>(string path, string targetColumn, TableData? like = null)
        where TModel : IGeneratedModel =>
        Load<TModel>(path, new CsvTableOptions { TargetColumn = targetColumn, FeatureColumns = like?.FeatureNames, ClassNames = like?.ClassNames });

    /// <summary>Reads the table at <paramref name="path"/> for <typeparamref name="TModel"/> as <paramref name="options"/> say.</summary>
    /// <exception cref="DatasetException">See <see cref="Load{TModel}(string, string, TableData?)"/>.</exception>
    public static TableData Load<TModel>(string path, CsvTableOptions options)
        where TModel : IGeneratedModel
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var regression = TModel.OutputKind == ModelOutputKind.Regression;
        if (TModel.InputShape.Length != 1)
        {
            throw new DatasetException(
                $"{path} is a table, whose rows are [features], but {TModel.ModelName} takes [{string.Join(", ", TModel.InputShape)}]: train it on pictures or tensors.");
        }

        if (TModel.OutputShape is not [1] && (regression || TModel.OutputKind == ModelOutputKind.Sigmoid))
        {
            throw new DatasetException(
                $"{TModel.ModelName} has {TModel.OutputShape[^1]} outputs, each a value of its own, but a table has one target column: give the model one output.");
        }

        using var reader = Open(path);
        var header = Header(reader, path);
        var target = Column(header, options.TargetColumn, path, "target column");
        var featureNames = options.FeatureColumns ?? header.Where(name => name != header[target]).ToList();
        var features = featureNames.Select(name => Column(header, name, path, "feature column")).ToArray();
        if (features.Length != TModel.InputShape[0])
        {
            throw new DatasetException(
                $"{path} has {features.Length} feature columns besides the target '{header[target]}' ({string.Join(", ", featureNames)}), " +
                $"but {TModel.ModelName} takes {TModel.InputShape[0]} features (input: [{TModel.InputShape[0]}]). Remove the columns it does not use, or change the spec's input.");
        }

        var values = new List<float>();
        var labels = new List<string>();
        var numbers = new List<float>();
        var lines = new List<int>();
        foreach (var row in reader)
        {
            var line = row.LineNumberFrom;
            lines.Add(line);
            CheckCellCount(path, line, row.ColCount, header.Count);
            foreach (var column in features)
            {
                values.Add(Number(row[column].ToString(), path, line, header[column], "a feature"));
            }

            var text = row[target].ToString().Trim();
            if (regression)
            {
                numbers.Add(Number(text, path, line, header[target], $"{TModel.ModelName} is a regression model, so the target"));
            }
            else
            {
                labels.Add(MissingMarkers.Contains(text) ? throw Missing(path, line, header[target]) : text);
            }
        }

        var count = regression ? numbers.Count : labels.Count;
        if (count == 0)
        {
            throw new DatasetException($"{path} has a header but no rows: add one row per sample under the header.");
        }

        var classNames = regression ? null : options.ClassNames ?? ClassesOf(labels);
        if (!regression)
        {
            CheckClassCount<TModel>(path, header[target], classNames!, options.ClassNames is not null);
        }

        var featureTensor = tensor(values.ToArray(), [count, features.Length]).DetachFromDisposeScope();
        var targetTensor = regression
            ? tensor(numbers.ToArray(), [count]).DetachFromDisposeScope()
            : tensor(Labels(labels, lines, classNames!, path, header[target]), [count]).DetachFromDisposeScope();
        return new TableData(featureTensor, targetTensor, featureNames.ToList(), header[target], classNames, Path.GetFullPath(path));
    }

    /// <summary>
    /// The feature columns <paramref name="featureNames"/> of every row of a table to predict (a target column may be
    /// there or not), float32 <c>[N, F]</c>, and each row's line in the file.
    /// </summary>
    /// <exception cref="DatasetException">The file or a column is missing, or a cell is missing or not a number.</exception>
    internal static (Tensor Features, IReadOnlyList<int> Lines) ReadFeatures(string path, IReadOnlyList<string> featureNames)
    {
        using var reader = Open(path);
        var header = Header(reader, path);
        var columns = featureNames.Select(name => Column(header, name, path, "feature column")).ToArray();
        var values = new List<float>();
        var lines = new List<int>();
        foreach (var row in reader)
        {
            CheckCellCount(path, row.LineNumberFrom, row.ColCount, header.Count);
            lines.Add(row.LineNumberFrom);
            foreach (var column in columns)
            {
                values.Add(Number(row[column].ToString(), path, row.LineNumberFrom, header[column], "a feature"));
            }
        }

        if (lines.Count == 0)
        {
            throw new DatasetException($"{path} has a header but no rows: add one row per sample to predict.");
        }

        return (tensor(values.ToArray(), [lines.Count, columns.Length]), lines);
    }

    private static SepReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException($"The table {path} does not exist.");
        }

        try
        {
            // Rows with another number of cells are reported here, with the line, rather than by Sep's own exception.
            return Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"The table {path} cannot be read: {exception.Message}", exception);
        }
    }

    private static List<string> Header(SepReader reader, string path)
    {
        var names = reader.Header.ColNames.Select(name => name.Trim()).ToList();
        if (reader.Header.IsEmpty || names.All(name => name.Length == 0))
        {
            throw new DatasetException($"{path} is empty: a table needs a header row naming the columns, then one row per sample.");
        }

        var duplicate = names.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new DatasetException($"{path} has two columns named '{duplicate.Key}': give every column a name of its own.");
        }

        return names;
    }

    private static int Column(List<string> header, string name, string path, string role)
    {
        var index = header.IndexOf(name);
        if (index >= 0)
        {
            return index;
        }

        var sameLetters = header.FirstOrDefault(column => string.Equals(column, name, StringComparison.OrdinalIgnoreCase));
        throw new DatasetException(
            $"{path} has no {role} '{name}'{(sameLetters is null ? string.Empty : $" (did you mean '{sameLetters}'?)")}; its columns are: {string.Join(", ", header)}.");
    }

    private static void CheckCellCount(string path, int line, int cells, int columns)
    {
        if (cells != columns)
        {
            throw new DatasetException($"{path}, line {line}: the row has {cells} cells, but the header names {columns} columns. Give every row one cell per column.");
        }
    }

    private static float Number(string cell, string path, int line, string column, string what)
    {
        var text = cell.Trim();
        if (MissingMarkers.Contains(text))
        {
            throw Missing(path, line, column);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return (float)value;
        }

        throw new DatasetException(
            $"{path}, line {line}, column '{column}': '{text}' is not a number, but {what} must be one (digits, a dot for decimals). " +
            "Encode text as numbers, or leave the column out.");
    }

    private static DatasetException Missing(string path, int line, string column) =>
        new($"{path}, line {line}, column '{column}': the value is missing. Fill it in, or remove the row.");

    /// <summary>The distinct labels, sorted: as numbers when all are whole numbers (2 before 10), else by ordinal comparison.</summary>
    private static List<string> ClassesOf(List<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToList();
        return distinct.All(label => long.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            ? distinct.OrderBy(label => long.Parse(label, CultureInfo.InvariantCulture)).ToList()
            : distinct.Order(StringComparer.Ordinal).ToList();
    }

    private static void CheckClassCount<TModel>(string path, string target, IReadOnlyList<string> classNames, bool given)
        where TModel : IGeneratedModel
    {
        var expected = TModel.OutputKind == ModelOutputKind.Sigmoid ? 2 : (int)TModel.OutputShape[^1];
        if (!given && classNames.Count != expected)
        {
            throw new DatasetException(
                $"{path}: the target column '{target}' holds {classNames.Count} classes ({string.Join(", ", classNames.Take(20))}{(classNames.Count > 20 ? ", ..." : string.Empty)}), " +
                $"but {TModel.ModelName} tells {expected} classes apart. Give the spec 'classes: {classNames.Count}' and a last layer of that many outputs, or pick the right target column.");
        }
    }

    private static long[] Labels(List<string> labels, List<int> lines, IReadOnlyList<string> classNames, string path, string target)
    {
        var index = classNames.Select((name, position) => (name, position)).ToDictionary(entry => entry.name, entry => (long)entry.position, StringComparer.Ordinal);
        var result = new long[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            if (!index.TryGetValue(labels[i], out result[i]))
            {
                throw new DatasetException(
                    $"{path}, line {lines[i]}, column '{target}': '{labels[i]}' is not one of the model's classes ({string.Join(", ", classNames)}), " +
                    "which come from the training table. Fix the label, or train on a table that has the class.");
            }
        }

        return result;
    }
}
