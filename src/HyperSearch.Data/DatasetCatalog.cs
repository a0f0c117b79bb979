using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HyperSearch.Engine;

namespace HyperSearch.Data;

/// <summary>
/// The named datasets a search can use: fashion-mnist, mnist, cifar10 (files on disk), spiral and
/// blobs (generated), and uploaded CSVs (registered by the service, or found through an
/// <see cref="IUploadedDatasetResolver"/>). Loading reads from disk every time; share loads through
/// <see cref="DatasetCache"/>. Names are case-insensitive and surrounding blanks do not count:
/// every lookup goes through <see cref="CanonicalName"/> (uploads are stored under it).
/// </summary>
public sealed partial class DatasetCatalog
{
    public const string FashionMnist = "fashion-mnist";
    public const string Mnist = "mnist";
    public const string Cifar10 = "cifar10";
    public const string Spiral = "spiral";
    public const string Blobs = "blobs";

    public static IReadOnlyList<string> BuiltInNames { get; } = [FashionMnist, Mnist, Cifar10, Spiral, Blobs];

    private static readonly string[] FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] DigitClasses = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private static readonly string[] IdxFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private readonly DatasetOptions _options;
    private readonly IUploadedDatasetResolver? _resolver;
    private readonly ConcurrentDictionary<string, RawDataset> _uploads = new(StringComparer.Ordinal);

    public DatasetCatalog(DatasetOptions options, IUploadedDatasetResolver? uploadResolver = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _resolver = uploadResolver;
    }

    /// <summary>Every built-in dataset (available or not) and every registered upload.</summary>
    public IReadOnlyList<DatasetInfo> List() =>
        [.. BuiltInNames.Select(n => Describe(n)), .. _uploads.Keys.Order(StringComparer.Ordinal).Select(n => Describe(n))];

    /// <summary>The catalog row of one dataset; throws <see cref="UnknownDatasetException"/> for unknown names.</summary>
    public DatasetInfo Describe(string name)
    {
        var key = Normalize(name);
        switch (key)
        {
            case FashionMnist:
            {
                var dir = FindFashionMnist();
                return new DatasetInfo(
                    FashionMnist, DatasetKind.Images, 70_000, 60_000, 10_000, 784, 10, dir is not null,
                    dir is null ? FashionMnistMissingMessage() : null,
                    "Zalando's Fashion-MNIST: 28x28 grey images of clothing, 10 classes; the reference workload's data.", dir)
                {
                    Shape = new ImageShape(1, 28, 28),
                };
            }

            case Mnist:
            {
                var dir = FindMnist();
                return new DatasetInfo(
                    Mnist, DatasetKind.Images, 70_000, 60_000, 10_000, 784, 10, dir is not null,
                    dir is null ? MnistMissingMessage() : null,
                    "LeCun's MNIST: 28x28 grey images of handwritten digits, 10 classes.", dir)
                {
                    Shape = new ImageShape(1, 28, 28),
                };
            }

            case Cifar10:
            {
                var dir = FindCifar10();
                return new DatasetInfo(
                    Cifar10, DatasetKind.Images, 60_000, 50_000, 10_000, Cifar10Reader.ImageBytes, 10, dir is not null,
                    dir is null ? Cifar10MissingMessage() : null,
                    "Krizhevsky's CIFAR-10: 32x32 colour images, 10 classes (zero-centred per channel).", dir)
                {
                    Shape = new ImageShape(3, 32, 32),
                };
            }

            case Spiral:
            {
                var o = _options.Spiral;
                return Synthetic(Spiral, o.Classes * o.PointsPerClass, 2, o.Classes,
                    $"CS231n's spiral: {o.Classes} arms of {o.PointsPerClass} points in 2-D, angle noise σ={o.Noise}; not linearly separable.");
            }

            case Blobs:
            {
                var o = _options.Blobs;
                return Synthetic(Blobs, o.Classes * o.PointsPerClass, o.Dimensions, o.Classes,
                    $"{o.Classes} Gaussian blobs of {o.PointsPerClass} points in {o.Dimensions}-D; linearly separable.");
            }

            default:
                if (_uploads.TryGetValue(key, out var upload))
                {
                    return DescribeUpload(key, upload.Count, upload.FeatureCount, upload.ClassCount);
                }

                throw new UnknownDatasetException(name, KnownNames());
        }
    }

    /// <summary>
    /// Checks a request without loading data: names, preprocessing, split mode, and sizes against the
    /// dataset's counts (skipped for an upload known only to the resolver). Throws
    /// <see cref="InvalidDatasetRequestException"/> naming the spec field, or <see cref="UnknownDatasetException"/>.
    /// </summary>
    public void ValidateRequest(DatasetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new InvalidDatasetRequestException("dataset.name", $"dataset.name is required; known datasets: {string.Join(", ", KnownNames())}.");
        }

        DatasetInfo info;
        try
        {
            info = Describe(request.Name);
        }
        catch (UnknownDatasetException) when (_resolver is not null)
        {
            Preprocessing.Parse(request.Preprocessing);
            SplitPlan.ParseMode(request.Split, DatasetKind.Csv);
            return;
        }

        SplitPlan.Resolve(info.Name, info.Kind, info.TrainSamples, request);
    }

    /// <summary>
    /// Checks a request's sizes against a dataset's catalog row, e.g. one from
    /// <see cref="DescribeUpload"/> for an upload known only to the service's store.
    /// </summary>
    public static void ValidateRequest(DatasetInfo info, DatasetRequest request)
    {
        ArgumentNullException.ThrowIfNull(info);
        SplitPlan.Resolve(info.Name, info.Kind, info.TrainSamples, request);
    }

    /// <summary>
    /// The catalog row of an uploaded CSV from its stored counts (no parsing): 20 % of the rows
    /// (when there are at least 10) are the fixed carved test split, so TrainSamples is what
    /// train + validation may use.
    /// </summary>
    public static DatasetInfo DescribeUpload(string name, int samples, int features, int classes, string? description = null)
    {
        var test = SplitPlan.CarvedTestCount(samples);
        return new DatasetInfo(
            name, DatasetKind.Csv, samples, samples - test, test, features, classes, true, null,
            description ?? $"Uploaded CSV: {samples} rows, {features} features, {classes} classes.");
    }

    /// <summary>
    /// Reads or generates a dataset. Throws <see cref="DatasetUnavailableException"/> (with how to get
    /// it) for missing files, <see cref="UnknownDatasetException"/> for unknown names and
    /// <see cref="DatasetFormatException"/> for corrupt files.
    /// </summary>
    public async Task<RawDataset> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = Normalize(name);
        switch (key)
        {
            case FashionMnist:
                return LoadIdx(FindFashionMnist() ?? throw new DatasetUnavailableException(FashionMnist, FashionMnistMissingMessage()), FashionMnistClasses);
            case Mnist:
                return LoadIdx(FindMnist() ?? throw new DatasetUnavailableException(Mnist, MnistMissingMessage()), DigitClasses);
            case Cifar10:
                return Cifar10Reader.ReadDirectory(FindCifar10() ?? throw new DatasetUnavailableException(Cifar10, Cifar10MissingMessage()));
            case Spiral:
                return SyntheticDatasets.Spiral(_options.Spiral);
            case Blobs:
                return SyntheticDatasets.Blobs(_options.Blobs);
        }

        if (_uploads.TryGetValue(key, out var upload))
        {
            return upload;
        }

        if (_resolver is not null && await _resolver.ResolveAsync(key, cancellationToken).ConfigureAwait(false) is { } resolved)
        {
            return resolved;
        }

        throw new UnknownDatasetException(name, KnownNames());
    }

    /// <summary>Registers an already-parsed upload under its canonical name. Registering the same instance again is a no-op.</summary>
    public void RegisterUpload(string name, RawDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var key = CheckUploadName(CanonicalName(name));
        var existing = _uploads.GetOrAdd(key, dataset);
        if (!ReferenceEquals(existing, dataset))
        {
            throw new InvalidOperationException($"An uploaded dataset named '{key}' is already registered; remove it first (and evict it from the DatasetCache).");
        }
    }

    /// <summary>Parses CSV bytes (see <see cref="CsvDatasetParser"/>) and registers the result.</summary>
    public RawDataset RegisterUpload(string name, ReadOnlySpan<byte> csv, string labelColumn = CsvDatasetParser.DefaultLabelColumn, CsvLimits? limits = null)
    {
        CheckUploadName(CanonicalName(name));
        var dataset = CsvDatasetParser.Parse(csv, labelColumn, limits, name);
        RegisterUpload(name, dataset);
        return dataset;
    }

    public bool RemoveUpload(string name) => _uploads.TryRemove(Normalize(name), out _);

    /// <summary>
    /// The one spelling of a dataset name that is stored and compared: trimmed and lower-cased
    /// (invariant), so "BUSY", " Busy " and "busy" name the same dataset. Blank stays blank ("").
    /// </summary>
    public static string CanonicalName(string? name) => (name ?? "").Trim().ToLowerInvariant();

    /// <summary>
    /// Whether <paramref name="name"/> may name an upload: 1-64 characters of a-z, 0-9, '.', '_', '-',
    /// starting with a letter or digit, and not a built-in name. Pass the <see cref="CanonicalName"/>
    /// of what a user typed: upper case is refused here.
    /// </summary>
    public static bool IsValidUploadName(string? name, out string? error)
    {
        if (name is null || !UploadNamePattern().IsMatch(name))
        {
            error = $"'{name}' is not a valid dataset name: use 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.";
            return false;
        }

        if (BuiltInNames.Contains(name))
        {
            error = $"'{name}' is a built-in dataset; choose another name.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Fashion-MNIST's directory: {DataDirectory}/fashion-mnist, then DataDirectory itself, then the Debian package's.</summary>
    internal string? FindFashionMnist() =>
        FirstWithIdxFiles(
            Under(_options.DataDirectory, FashionMnist),
            _options.DataDirectory,
            Path.Combine(_options.SystemDatasetsDirectory, FashionMnist));

    internal string? FindMnist() =>
        FirstWithIdxFiles(Under(_options.DataDirectory, Mnist), Path.Combine(_options.SystemDatasetsDirectory, Mnist));

    internal string? FindCifar10()
    {
        string?[] candidates =
        [
            Under(_options.DataDirectory, Cifar10),
            Under(_options.DataDirectory, Path.Combine(Cifar10, "cifar-10-batches-bin")),
            Under(_options.DataDirectory, "cifar-10-batches-bin"),
        ];
        return candidates.FirstOrDefault(dir =>
            dir is not null && Cifar10Reader.TrainFiles.Append(Cifar10Reader.TestFile).All(f => File.Exists(Path.Combine(dir, f))));
    }

    private static string? Under(string? root, string child) => root is null ? null : Path.Combine(root, child);

    private static string? FirstWithIdxFiles(params string?[] directories) =>
        directories.FirstOrDefault(dir => dir is not null && IdxFiles.All(f => FindIdxFile(dir, f) is not null));

    /// <summary>The file as shipped (.gz), decompressed (no extension) or with the dotted name some mirrors use.</summary>
    private static string? FindIdxFile(string directory, string baseName)
    {
        var dotted = baseName.Replace("-idx", ".idx", StringComparison.Ordinal);
        return new[] { baseName + ".gz", baseName, dotted + ".gz", dotted }
            .Select(n => Path.Combine(directory, n))
            .FirstOrDefault(File.Exists);
    }

    private static RawDataset LoadIdx(string directory, string[] classNames)
    {
        string File(int i) => FindIdxFile(directory, IdxFiles[i])!;
        var train = IdxReader.ReadLabelledImages(File(0), File(1), classNames.Length);
        var test = IdxReader.ReadLabelledImages(File(2), File(3), classNames.Length);
        return new RawDataset(DatasetKind.Images, train, test, classNames.Length, classNames);
    }

    private DatasetInfo Synthetic(string name, int samples, int features, int classes, string description)
    {
        var test = SplitPlan.CarvedTestCount(samples);
        return new DatasetInfo(name, DatasetKind.Synthetic, samples, samples - test, test, features, classes, true, null, description);
    }

    private string DataDirectoryHint(string child) =>
        _options.DataDirectory is { } dir
            ? Path.Combine(dir, child)
            : $"<data directory>/{child} (set the data directory first; none is configured)";

    private string FashionMnistMissingMessage() =>
        $"Fashion-MNIST is not installed. Run `apt-get install -y dataset-fashion-mnist` (it installs {Path.Combine(_options.SystemDatasetsDirectory, FashionMnist)}), " +
        $"or put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (gzip'd or raw) in {DataDirectoryHint(FashionMnist)}.";

    private string MnistMissingMessage() =>
        "MNIST is not installed. Download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz " +
        $"(from http://yann.lecun.com/exdb/mnist/ or a mirror) and put them (gzip'd or raw) in {DataDirectoryHint(Mnist)}.";

    private string Cifar10MissingMessage() =>
        "CIFAR-10 is not installed. Download the binary version, cifar-10-binary.tar.gz, from https://www.cs.toronto.edu/~kriz/cifar.html " +
        $"and extract data_batch_1.bin … data_batch_5.bin and test_batch.bin into {DataDirectoryHint(Cifar10)} (or keep its cifar-10-batches-bin folder there).";

    private List<string> KnownNames() => [.. BuiltInNames, .. _uploads.Keys.Order(StringComparer.Ordinal)];

    private static string CheckUploadName(string name) =>
        IsValidUploadName(name, out var error) ? name : throw new ArgumentException(error, nameof(name));

    private static string Normalize(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return CanonicalName(name);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex UploadNamePattern();
}
