using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Compiler.Model;

/// <summary>
/// The names the PyTorch backend's Python reserves, and the module name it gives a model. Decided here, once: the
/// emitter names files and attributes this way, and the checks reject model and layer names that Python cannot take
/// as they are. A layer's name is its module attribute, hence its state_dict() key, so it cannot be renamed in Python.
/// </summary>
internal static class PythonNames
{
    /// <summary>Python keywords that C# allows as identifiers (the others are C# keywords too, rejected already).</summary>
    public static IReadOnlyCollection<string> Keywords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "assert", "async", "await", "def", "del", "elif", "except", "from", "global", "import", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "with", "yield",
    };

    /// <summary>
    /// Attributes of torch.nn.Module (and the generated module's forward_logits) that are found before a submodule of
    /// the same name, so a layer so named would be shadowed by a method; the C# backend already reserves the others
    /// (forward, train, eval, to, parameters, state_dict, ...).
    /// </summary>
    public static IReadOnlyCollection<string> ModuleMembers { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "forward_logits", "add_module", "type", "xpu", "ipu", "mtia", "share_memory", "extra_repr", "requires_grad_", "to_empty",
        "register_backward_hook", "register_full_backward_hook", "register_full_backward_pre_hook", "register_state_dict_pre_hook",
        "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook", "set_extra_state", "get_extra_state", "dump_patches",
        "call_super_init", "compile", "T_destination", "set_submodule", "adapt", "ADAPTATION_SAMPLES",

        // Its private state and helpers: a layer so named would overwrite them.
        "_modules", "_parameters", "_buffers", "_non_persistent_buffers_set", "_backward_hooks", "_backward_pre_hooks", "_forward_hooks",
        "_forward_hooks_with_kwargs", "_forward_hooks_always_called", "_forward_pre_hooks", "_forward_pre_hooks_with_kwargs",
        "_state_dict_hooks", "_state_dict_pre_hooks", "_load_state_dict_pre_hooks", "_load_state_dict_post_hooks", "_is_full_backward_hook",
        "_version", "_apply", "_call_impl", "_wrapped_call_impl", "_compiled_call_impl", "_get_name", "_load_from_state_dict",
        "_save_to_state_dict", "_named_members", "_slow_forward", "_replicate_for_data_parallel", "_get_backward_hooks",
        "_get_backward_pre_hooks", "_maybe_warn_non_full_backward_hook", "_register_load_state_dict_pre_hook", "_register_state_dict_hook",
    };

    /// <summary>Module-level names of the generated Python files, which a class of the same name would hide.</summary>
    public static IReadOnlyCollection<string> Globals { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "F", "np", "dist", "DistributedDataParallel", "DistributedSampler", "UserError", "LossView", "Totals",
        "INPUT_SHAPE", "OUTPUT_SHAPE", "OUTPUT_KIND", "PARAMETER_COUNT", "ARCHITECTURE_HASH", "MODEL_NAME", "BATCH_SIZE", "EPOCHS",
        "LEARNING_RATE", "NORMALIZE_MEAN", "NORMALIZE_STD", "SAMPLE_NOUN", "EVALUATION_BATCH_SIZE",
        "TRAINABLE_PARAMETER_COUNT", "Rescaling", "patch_whitening_filters",
    };

    /// <summary>
    /// Modules a model's Python module must not be named like: the script's folder comes first on Python's path, so
    /// a model file named random.py would be imported wherever PyTorch imports random. Python 3.11's standard library
    /// (sys.stdlib_module_names, the public ones) and what the generated code and PyTorch import.
    /// </summary>
    public static IReadOnlyCollection<string> Modules { get; } = new HashSet<string>(
        ("abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 " +
         "cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib " +
         "contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings " +
         "ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext " +
         "glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword " +
         "lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc " +
         "nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil " +
         "platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri " +
         "random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib " +
         "sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess " +
         "sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token " +
         "tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings " +
         "wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo " +
         "torch numpy typing_extensions sympy mpmath networkx jinja2 filelock fsspec yaml setuptools pkg_resources")
        .Split(' '),
        StringComparer.Ordinal);

    /// <summary>
    /// The model's Python module name (its file without .py): the PEP 8 snake_case of the model name,
    /// Cifar10Cnn -> cifar10_cnn, HTTPServer -> http_server.
    /// </summary>
    public static string ModuleName(string modelName)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < modelName.Length; i++)
        {
            var c = modelName[i];
            var previous = i > 0 ? modelName[i - 1] : '\0';
            var next = i + 1 < modelName.Length ? modelName[i + 1] : '\0';
            var startsWord = char.IsUpper(c) && i > 0 && previous != '_'
                && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)));
            if (startsWord)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Why Python would not take <paramref name="name"/> as it is written, or null: C# identifiers may hold invisible
    /// formatting characters (Unicode category Cf), which Python identifiers cannot. (Python also reads identifiers in
    /// NFKC form; that is not checked, as normalisation data is missing where .NET runs with invariant globalization,
    /// and the build and 'modelgen check' must agree.)
    /// </summary>
    public static string? IdentifierProblem(string name) =>
        name.Any(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            ? "holds an invisible formatting character, which Python identifiers cannot"
            : null;
}
