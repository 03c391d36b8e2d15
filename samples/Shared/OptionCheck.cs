using System.Globalization;
using System.Reflection;
using Spectre.Console.Cli;

namespace ModelGen.Samples;

/// <summary>
/// Checks a command line against the options its command's settings class declares, before Spectre.Console.Cli binds
/// them: an unknown or misspelt option is refused with the nearest known one ("did you mean"), and a number outside
/// its option's range (<see cref="OptionRangeAttribute"/>, else its type's) gets that range, not a type-conversion
/// message. Spectre itself reports what is left: unknown commands, missing values.
/// </summary>
internal static class OptionCheck
{
    private static readonly string[] HelpOptions = ["-h", "--help", "-?", "-v", "--version"];

    /// <summary>Throws <see cref="UserException"/> for the first option of <paramref name="args"/> that is wrong.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="commands">Command names and their <see cref="Command{TSettings}"/> types.</param>
    /// <param name="defaultCommand">The command that runs when none is named; null: a command must be named.</param>
    /// <param name="defaultCommandName">What the default command does, for the message about an unknown command.</param>
    public static void Check(IReadOnlyList<string> args, IReadOnlyDictionary<string, Type> commands, Type? defaultCommand, string? defaultCommandName = null)
    {
        var named = args.Count > 0 && commands.ContainsKey(args[0]);
        if (!named && args.Count > 0 && !args[0].StartsWith('-'))
        {
            // A word first is a command name, misspelt (a command's own words come after its name).
            var suggestion = Nearest(args[0], commands.Keys) is { } nearest ? $" Did you mean {nearest}?" : "";
            var otherwise = defaultCommandName is null ? "." : $"; without one, the sample {defaultCommandName}.";
            throw new UserException($"Unknown command '{args[0]}'.{suggestion} The commands are {string.Join(", ", commands.Keys)}{otherwise}");
        }

        if (!named && defaultCommand is null)
        {
            return;   // Spectre says a command is needed (or shows the help)
        }

        var commandName = named ? args[0] : null;
        var options = Declared(named ? commands[args[0]] : defaultCommand!);
        for (var i = named ? 1 : 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                break;
            }

            if (!token.StartsWith('-') || HelpOptions.Contains(token))
            {
                continue;
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token : token[..equals];
            if (!options.TryGetValue(name, out var option))
            {
                throw Unknown(name, commandName, options.Keys);
            }

            var value = equals < 0 ? null : token[(equals + 1)..];
            if (value is null && option.Value == ValueKind.Required && i + 1 < args.Count)
            {
                value = args[++i];
            }
            else if (value is null && option.Value == ValueKind.Optional && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                value = args[++i];
            }

            if (value is not null)
            {
                option.CheckNumber(name, value);
            }
        }
    }

    private static UserException Unknown(string name, string? command, IEnumerable<string> known)
    {
        var where = command is null ? "" : $" of '{command}'";
        var nearest = Nearest(name, known);
        return new UserException(nearest is not null
            ? $"Unknown option {name}{where}. Did you mean {nearest}?"
            : $"Unknown option {name}{where}. Its options are {string.Join(", ", known.Order(StringComparer.Ordinal))} (--help describes them).");
    }

    /// <summary>The known name nearest to <paramref name="name"/> if it is near enough to be a misspelling, else null.</summary>
    private static string? Nearest(string name, IEnumerable<string> known) => known
        .Select(candidate => (candidate, distance: Distance(name, candidate)))
        .Where(c => c.distance <= Math.Max(2, c.candidate.Length / 4) || c.candidate.StartsWith(name, StringComparison.Ordinal))
        .OrderBy(c => c.distance)
        .Select(c => c.candidate)
        .FirstOrDefault();

    /// <summary>The Levenshtein distance: edits that turn one name into the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>The options of a command: every <see cref="CommandOptionAttribute"/> of its settings class, by name.</summary>
    private static Dictionary<string, DeclaredOption> Declared(Type command)
    {
        var settings = command.BaseType is { IsGenericType: true } generic && generic.GetGenericTypeDefinition() == typeof(Command<>)
            ? generic.GetGenericArguments()[0]
            : throw new InvalidOperationException($"{command} is not a Command<TSettings>.");
        var options = new Dictionary<string, DeclaredOption>(StringComparer.Ordinal);
        foreach (var property in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is not { } attribute)
            {
                continue;
            }

            var value = attribute.ValueName is null ? ValueKind.None : attribute.ValueIsOptional ? ValueKind.Optional : ValueKind.Required;
            var option = new DeclaredOption(value, property.PropertyType, property.GetCustomAttribute<OptionRangeAttribute>());
            foreach (var name in attribute.LongNames)
            {
                options["--" + name] = option;
            }

            foreach (var name in attribute.ShortNames)
            {
                options["-" + name] = option;
            }
        }

        return options;
    }

    private enum ValueKind
    {
        None,
        Required,
        Optional,
    }

    private sealed record DeclaredOption(ValueKind Value, Type Type, OptionRangeAttribute? Range)
    {
        public void CheckNumber(string name, string text)
        {
            var type = Type.IsArray ? Type.GetElementType()! : Type;
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(int))
            {
                var range = Range ?? new OptionRangeAttribute(int.MinValue, int.MaxValue);
                if (!double.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || !range.Contains(number))
                {
                    throw new UserException($"{name} must be a whole number {range}, not {text}.");
                }
            }
            else if (type == typeof(double))
            {
                var range = Range ?? new OptionRangeAttribute(double.MinValue, double.MaxValue);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !range.Contains(number))
                {
                    throw new UserException($"{name} must be a number {range}, not {text}.");
                }
            }
        }
    }
}

/// <summary>The numbers an option accepts: from <paramref name="minimum"/> to <paramref name="maximum"/>, both included
/// unless <see cref="MinimumExcluded"/> or <see cref="MaximumExcluded"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OptionRangeAttribute(double minimum, double maximum) : Attribute
{
    public double Minimum { get; } = minimum;

    public double Maximum { get; } = maximum;

    /// <summary>The minimum itself is not allowed (a learning rate must be greater than 0).</summary>
    public bool MinimumExcluded { get; init; }

    /// <summary>The maximum itself is not allowed (a validation split must leave some training data).</summary>
    public bool MaximumExcluded { get; init; }

    public bool Contains(double value) =>
        double.IsFinite(value)
        && (MaximumExcluded ? value < Maximum : value <= Maximum)
        && (MinimumExcluded ? value > Minimum : value >= Minimum);

    /// <summary>"from 1 to 100,000", "greater than 0 and at most 1,000,000", "from 0 to below 1".</summary>
    public override string ToString()
    {
        var minimum = Minimum.ToString("#,0.##########", CultureInfo.InvariantCulture);
        var maximum = Maximum.ToString("#,0.##########", CultureInfo.InvariantCulture);
        var low = MinimumExcluded ? $"greater than {minimum}" : $"from {minimum}";
        var high = MaximumExcluded ? $"below {maximum}" : maximum;
        var joint = MinimumExcluded ? (MaximumExcluded ? " and " : " and at most ") : " to ";
        return low + joint + high;
    }
}
