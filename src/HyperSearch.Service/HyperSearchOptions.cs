namespace HyperSearch.Service;

/// <summary>The "HyperSearch" configuration section (appsettings.json or HyperSearch__X environment variables).</summary>
public sealed class HyperSearchOptions
{
    public const string Section = "HyperSearch";

    /// <summary>Folder of the embedded SQLite database (used when no Postgres connection string is set).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Folder holding dataset files (fashion-mnist/, mnist/, cifar10/); null = the Debian default locations only.</summary>
    public string? DatasetDirectory { get; set; }

    /// <summary>Hangfire workers in this process; 0 = one per core.</summary>
    public int Workers { get; set; }

    /// <summary>Whether this process runs a Hangfire server (the API does by default; set false to leave training to HyperSearch.Worker processes).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>How often Hangfire polls its Postgres queue, in milliseconds (its default of 15 s would leave trials waiting).</summary>
    public int QueuePollMilliseconds { get; set; } = 200;

    /// <summary>How long a running trial's claim lasts without renewal; a killed worker's trial is rerun after it ends.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often the recovery scan looks for trials whose worker died.</summary>
    public int RecoveryScanSeconds { get; set; } = 10;

    /// <summary>How many times one leg of a trial may lose its worker (a process killed mid-trial) before the trial ends failed instead of crash-looping.</summary>
    public int MaxLegAttempts { get; set; } = 3;

    /// <summary>How long a running trial keeps retrying a store write (epoch, result, lease) through a database outage, with backoff, before it gives up.</summary>
    public int StoreRetrySeconds { get; set; } = 30;

    /// <summary>Total bytes of CSV uploads the store keeps (deleted uploads free theirs); an upload past it is refused (400 on "file").</summary>
    public long MaxUploadTotalBytes { get; set; } = 1L << 30;

    /// <summary>Bytes the process-wide dataset cache keeps of copies no running trial holds (least recently used evicted first); 0 = a quarter of the memory available to the process.</summary>
    public long DatasetCacheBytes { get; set; }

    /// <summary>Per-trial cap on the trainable parameters of the largest model a submitted spec can draw in any stage (a 400 on the space field otherwise).</summary>
    public long MaxTrialParameters { get; set; } = 50_000_000;

    /// <summary>Per-trial cap on the bytes of that model's weights and gradients, optimiser state and training activations at the batch size.</summary>
    public long MaxTrialMemoryBytes { get; set; } = 2L << 30;

    /// <summary>Allow the Hangfire dashboard at /hangfire from non-local clients.</summary>
    public bool HangfireDashboardRemoteAccess { get; set; }

    public Specs.ModelSizeLimits ModelSizeLimits => new(MaxTrialParameters, MaxTrialMemoryBytes);

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}
