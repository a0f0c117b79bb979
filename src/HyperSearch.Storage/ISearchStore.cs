namespace HyperSearch.Storage;

/// <summary>
/// Everything HyperSearch persists. Implemented once, over Dapper, by <see cref="DapperSearchStore"/>, on
/// PostgreSQL (scale-out, jsonb hyperparameters) and SQLite (the embedded default). Both pass one
/// contract test suite.
/// Writes that Hangfire may repeat (a job re-delivered after a crash) are idempotent: claims are
/// conditional updates, results are written once per claim token, stages are unique per search.
/// </summary>
public interface ISearchStore
{
    /// <summary>Name of the backend ("postgres" or "sqlite"), for /health.</summary>
    string Provider { get; }

    /// <summary>Cheap round trip to the database.</summary>
    Task<bool> PingAsync(CancellationToken ct);

    // ---- searches ----

    /// <summary>Stores a search with its first stage and that stage's queued trials, in one transaction.</summary>
    Task CreateSearchAsync(SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct);

    /// <summary>Stores a comparison and its two searches (each with its first stage and trials), in one transaction.</summary>
    Task CreateComparisonAsync(
        ComparisonRecord comparison,
        IReadOnlyList<(SearchRecord Search, StageRecord Stage, IReadOnlyList<TrialRecord> Trials)> searches,
        CancellationToken ct);

    Task<SearchRecord?> GetSearchAsync(Guid id, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<Page<SearchRecord>> ListSearchesAsync(int offset, int limit, CancellationToken ct);

    /// <summary>Newest first; only <paramref name="owner"/>'s searches, or every search when it is null.</summary>
    Task<Page<SearchRecord>> ListSearchesAsync(string? owner, int offset, int limit, CancellationToken ct);

    /// <summary>Searches in Queued or Running status, oldest first (for start-up recovery and limits).</summary>
    Task<IReadOnlyList<SearchRecord>> ListActiveSearchesAsync(CancellationToken ct);

    /// <summary>Moves a search to <paramref name="to"/> only when it is in one of <paramref name="from"/>; true when it moved.
    /// Sets StartedAt when moving to Running (if null) and CompletedAt when moving to a terminal status.</summary>
    Task<bool> TransitionSearchAsync(Guid id, IReadOnlyCollection<SearchStatus> from, SearchStatus to, string? error, DateTimeOffset now, CancellationToken ct);

    Task SetSanityAsync(Guid searchId, string sanityJson, CancellationToken ct);

    /// <summary>Records the best trial (by validation accuracy, over all stages) on the search row.</summary>
    Task SetBestTrialAsync(Guid searchId, Guid trialId, double validationAccuracy, CancellationToken ct);

    Task SetTestAccuracyAsync(Guid searchId, double testAccuracy, CancellationToken ct);

    // ---- stages ----

    /// <summary>Adds the next stage and its queued trials in one transaction; false (and nothing written)
    /// when that stage number already exists for the search — advancing twice is harmless.</summary>
    Task<bool> TryAddStageAsync(StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct);

    /// <summary>Ordered by stage number.</summary>
    Task<IReadOnlyList<StageRecord>> GetStagesAsync(Guid searchId, CancellationToken ct);

    /// <summary>The stages of several searches in one query (list views), each ordered by stage number. Every
    /// id is a key: a search without stages, or an unknown id, maps to an empty list. No ids, no query.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<StageRecord>>> GetStagesAsync(IReadOnlyCollection<Guid> searchIds, CancellationToken ct);

    /// <summary>Trials per (stage, status) of a search, ordered by stage, then status name.</summary>
    Task<IReadOnlyList<StatusCount>> GetStatusCountsAsync(Guid searchId, CancellationToken ct);

    /// <summary>The trial counts of several searches in one query (list views), each as
    /// <see cref="GetStatusCountsAsync(Guid, CancellationToken)"/> gives them. Every id is a key: a search
    /// without trials, or an unknown id, maps to an empty list. No ids, no query.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<StatusCount>>> GetStatusCountsAsync(IReadOnlyCollection<Guid> searchIds, CancellationToken ct);

    // ---- trials ----

    Task<TrialRecord?> GetTrialAsync(Guid id, CancellationToken ct);

    Task<Page<TrialRecord>> GetTrialsAsync(Guid searchId, TrialQuery query, CancellationToken ct);

    /// <summary>One stage's trials of each of several searches, each ordered by index (searches without trials map to empty lists): one query.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<TrialRecord>>> GetStageTrialsAsync(IReadOnlyCollection<Guid> searchIds, int stage, CancellationToken ct);

    /// <summary>All trials of one stage, ordered by index (for refinement and the advance step).</summary>
    Task<IReadOnlyList<TrialRecord>> GetStageTrialsAsync(Guid searchId, int stage, CancellationToken ct);

    /// <summary>
    /// Claims a trial for one executor: succeeds when the trial is Queued, or Running with an expired
    /// lease (its executor died). Sets Running, Worker, StartedAt, Attempts+1, a new token and a lease
    /// until <paramref name="leaseUntil"/>, and deletes epochs/diagnostics a dead attempt left, in one
    /// transaction. Null when the trial is terminal or held by a live executor.
    /// </summary>
    Task<TrialClaim?> TryClaimTrialAsync(Guid trialId, string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// As <see cref="TryClaimTrialAsync"/>, for a trial of a stage that trains at most
    /// <paramref name="epochBudget"/> epochs in all (ASHA's epochBudget). A configuration that has not
    /// started (Queued, nothing trained) is claimed only if its first leg fits beside the epochs the
    /// stage's other trials have trained or are training (a running leg, or a promoted one waiting,
    /// counts to its end); otherwise it ends Pruned, untrained, with the reason, and null is returned.
    /// Serialised per stage with promotions, so concurrent claims never overrun the budget. A re-claim
    /// (Running, lease expired) or a promoted trial was admitted before and is not checked again.
    /// </summary>
    Task<TrialClaim?> TryClaimWithinBudgetAsync(Guid trialId, string worker, DateTimeOffset now, DateTimeOffset leaseUntil, int epochBudget, CancellationToken ct);

    /// <summary>Extends the lease of a claim; false when the claim is no longer the trial's current one
    /// (the trial was cancelled, or re-claimed after the lease expired): the executor must stop.</summary>
    Task<bool> RenewLeaseAsync(TrialClaim claim, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Writes one epoch's metrics and per-layer diagnostics (replacing the same epoch if written
    /// before), only while <paramref name="claim"/> is current; false otherwise.</summary>
    Task<bool> AddEpochAsync(TrialClaim claim, EpochRecord epoch, IReadOnlyList<LayerDiagnosticRecord> layers, CancellationToken ct);

    /// <summary>
    /// Writes a fresh trial's epoch-0 layer diagnostics (the untrained network), replacing any from an earlier
    /// claim, under the claim (false, writing nothing, when it no longer holds). Epoch-0 rows are never
    /// dropped by a re-claim: every attempt of a trial starts from the same initialisation.
    /// </summary>
    Task<bool> AddInitialLayersAsync(TrialClaim claim, IReadOnlyList<LayerDiagnosticRecord> layers, CancellationToken ct);

    /// <summary>Writes the final result once: only when the trial is Running under this claim. True when written.</summary>
    Task<bool> CompleteTrialAsync(TrialClaim claim, TrialOutcome outcome, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// As above, and in the same transaction keeps the trial's trained network as the search's best model when
    /// the result leads the search (a completed or pruned outcome whose validation accuracy is above the kept
    /// one's; a tie keeps the earlier). <paramref name="model"/> gives the network's checkpoint bytes after
    /// outcome.EpochsTrained epochs; it is called only when the model will be kept (null: none to keep).
    /// </summary>
    Task<bool> CompleteTrialAsync(TrialClaim claim, TrialOutcome outcome, Func<byte[]?>? model, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// The search's best model: the network of the trial leg with the highest validation accuracy so far,
    /// kept by CompleteTrialAsync and ReportRungAsync as results arrive (null before any).
    /// </summary>
    Task<BestModelRecord?> GetBestModelAsync(Guid searchId, CancellationToken ct);

    /// <summary>Marks every Queued or Paused trial of the search Cancelled (Running trials are stopped by their
    /// executors, which see their claim revoked: this also revokes Running claims by setting them
    /// Cancelled). Returns how many trials changed.</summary>
    Task<int> CancelTrialsAsync(Guid searchId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Running trials whose lease ended before <paramref name="now"/> (their executor died).</summary>
    Task<IReadOnlyList<TrialRecord>> GetExpiredTrialsAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Queued trials of active searches, oldest first (embedded mode re-enqueues them at start-up).</summary>
    Task<IReadOnlyList<TrialRecord>> GetQueuedTrialsAsync(CancellationToken ct);

    /// <summary>Ordered by epoch.</summary>
    Task<IReadOnlyList<EpochRecord>> GetEpochsAsync(Guid trialId, CancellationToken ct);

    /// <summary>Ordered by epoch, then layer.</summary>
    Task<IReadOnlyList<LayerDiagnosticRecord>> GetDiagnosticsAsync(Guid trialId, CancellationToken ct);

    // ---- adaptive scheduling (ASHA rungs, checkpoints, median stopping) ----

    /// <summary>
    /// A running trial finished an ASHA rung. In one transaction, serialised per stage: the trial waits
    /// (Paused, claim released) with its metrics, checkpoint and rung result stored; then
    /// <paramref name="decide"/> sees every rung result of the stage and the trials it names that are
    /// still Paused are promoted (Queued, to train until their target epochs; their rung marked promoted).
    /// Returns the promotions made — so each trial is promoted from a rung once — or null when the claim
    /// is no longer current (nothing written). A report whose metrics say Diverged (the leg diverged on its
    /// way to the rung) ends the trial instead — Diverged, its checkpoint deleted — and records it at the
    /// rung with no objective, so the rung counts it (ranked last) before deciding.
    /// </summary>
    Task<IReadOnlyList<RungPromotionRecord>?> ReportRungAsync(
        TrialClaim claim, RungReport report, Func<IReadOnlyList<RungEntry>, IReadOnlyList<RungPromotionRecord>> decide, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// As the overload without a budget; with <paramref name="epochBudget"/>, a decided promotion is made only
    /// if its leg (target epochs − epochs trained) fits beside what the stage has committed (see
    /// <see cref="TryClaimWithinBudgetAsync"/>), taken in the decision's order; one that does not fit
    /// keeps waiting (a later decision may make it when a leg gives epochs back).
    /// </summary>
    Task<IReadOnlyList<RungPromotionRecord>?> ReportRungAsync(
        TrialClaim claim, RungReport report, Func<IReadOnlyList<RungEntry>, IReadOnlyList<RungPromotionRecord>> decide, int? epochBudget, DateTimeOffset now, CancellationToken ct);

    /// <summary>The trial's stored checkpoint (kept while it may resume; deleted when it ends).</summary>
    Task<TrialCheckpointRecord?> GetCheckpointAsync(Guid trialId, CancellationToken ct);

    /// <summary>Ends the stage's waiting trials as Pruned (and drops their checkpoints), only when none of
    /// its trials is Queued or Running. Returns how many were settled.</summary>
    Task<int> SettleStageAsync(Guid searchId, int stage, DateTimeOffset now, CancellationToken ct);

    /// <summary>Validation accuracies the stage's other trials reached at <paramref name="epoch"/> (NaN for a non-finite value), for median stopping.</summary>
    Task<IReadOnlyList<double>> GetEpochAccuraciesAsync(Guid searchId, int stage, int epoch, Guid exceptTrialId, CancellationToken ct);

    /// <summary>Every ASHA rung each search's trials reached, in the order they reached them: one query.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<RungReached>>> GetRungsReachedAsync(IReadOnlyCollection<Guid> searchIds, CancellationToken ct);

    /// <summary>Per (stage, rung): trials that finished it and how many were promoted past it.</summary>
    Task<IReadOnlyList<RungCount>> GetRungCountsAsync(Guid searchId, CancellationToken ct);

    // ---- model-based sampling (TPE) ----

    /// <summary>
    /// Chooses the hyperparameters of a queued trial stored without them (<see cref="DapperSearchStore.Unproposed"/>):
    /// in one transaction serialised per stage, <paramref name="propose"/> sees every trial of the search (each
    /// proposal made before it included) and its JSON is stored. Returns the trial's hyperparameters: the new
    /// proposal, or the ones it already had (proposed by another worker, or planned up front); null for an
    /// unknown trial. A trial neither queued nor running (under the claim of the worker about to train it) is left as it is.
    /// </summary>
    Task<string?> ProposeTrialAsync(Guid trialId, Func<IReadOnlyList<TrialRecord>, string> propose, CancellationToken ct);

    /// <summary>
    /// Re-plans a stage before it runs (a search's <c>"learningRate": "auto"</c>, resolved at Start): in one
    /// transaction holding the stage's row, when <paramref name="stillPlanned"/> holds for the stage's current
    /// space JSON, stores <paramref name="spaceJson"/> as its space and the given hyperparameters on those of
    /// its trials that are still queued. False (nothing written) for an unknown stage or when the predicate
    /// refuses (already re-planned).
    /// </summary>
    Task<bool> ReplanStageAsync(
        Guid searchId, int stage, Func<string, bool> stillPlanned, string spaceJson, IReadOnlyDictionary<Guid, string> hyperparameters, CancellationToken ct);

    // ---- extending a search (DapperSearchStore.Extensions.cs) ----

    /// <summary>
    /// Adds a stage to a search in one transaction that holds the search row: <paramref name="extend"/> sees the
    /// search, its stages and every trial as committed now, and its <see cref="SearchExtension"/> is written —
    /// spec, stage count, status (running again when <see cref="SearchExtension.Resume"/>, the test accuracy
    /// cleared), and the stage with its queued trials when it starts now. Concurrent extensions of one search are
    /// serialised, so each sees the one before. An exception from <paramref name="extend"/> writes nothing and
    /// propagates. Null for an unknown search.
    /// </summary>
    Task<SearchExtension?> ExtendSearchAsync(
        Guid searchId,
        Func<SearchRecord, IReadOnlyList<StageRecord>, IReadOnlyList<TrialRecord>, SearchExtension> extend,
        DateTimeOffset now,
        CancellationToken ct);

    /// <summary>
    /// Running → Completed (with <paramref name="testAccuracy"/> when given), only while the search still has
    /// <paramref name="stageCount"/> stages and no queued, running or paused trial: a stage added meanwhile keeps
    /// it running. True when it completed.
    /// </summary>
    Task<bool> CompleteSearchAsync(Guid searchId, int stageCount, double? testAccuracy, DateTimeOffset now, CancellationToken ct);

    // ---- comparisons ----

    Task<ComparisonRecord?> GetComparisonAsync(Guid id, CancellationToken ct);

    /// <summary>Every search (arm) of each comparison, oldest first: one query.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<SearchRecord>>> GetComparisonSearchesAsync(IReadOnlyCollection<Guid> comparisonIds, CancellationToken ct);

    Task<Page<ComparisonRecord>> ListComparisonsAsync(int offset, int limit, CancellationToken ct);

    /// <summary>Newest first; only <paramref name="owner"/>'s comparisons, or every one when it is null.</summary>
    Task<Page<ComparisonRecord>> ListComparisonsAsync(string? owner, int offset, int limit, CancellationToken ct);

    // ---- uploaded datasets ----

    /// <summary>Stores an uploaded dataset; false when the name is taken — also by a deleted upload, as
    /// names are never reused (nothing written).</summary>
    Task<bool> TryAddDatasetAsync(DatasetRecord dataset, CancellationToken ct);

    /// <summary>With <see cref="DatasetRecord.Content"/>.</summary>
    Task<DatasetRecord?> GetDatasetAsync(string name, CancellationToken ct);

    /// <summary>Without content.</summary>
    Task<IReadOnlyList<DatasetRecord>> ListDatasetsAsync(CancellationToken ct);

    /// <summary>Deletes an uploaded dataset unless a queued or running search uses it (checked in the
    /// same statement): its content goes, its name stays taken. False when nothing was deleted
    /// (unknown or already deleted name, or in use).</summary>
    Task<bool> TryRemoveDatasetAsync(string name, CancellationToken ct);

    // ---- hardening: failure, crash loops, shutdown hand-back, atomic cancel and limits (DapperSearchStore.Recovery.cs) ----

    /// <summary>Ends a queued or running search as Failed with <paramref name="error"/> and, in the same
    /// transaction, settles its open trials (Queued, Running, Paused → Cancelled; running claims revoked).
    /// False when the search was not active (nothing written).</summary>
    Task<bool> FailSearchAsync(Guid searchId, string error, DateTimeOffset now, CancellationToken ct);

    /// <summary>Cancels a search and its open trials in one transaction. Also settles the open trials of a
    /// search already cancelled (a cancel that died half-way). True when the search is cancelled.</summary>
    Task<bool> CancelSearchAsync(Guid searchId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Ends a Queued, Running or Paused trial as Failed with <paramref name="error"/>, whoever holds
    /// it (a running claim is revoked). False when the trial had already ended.</summary>
    Task<bool> FailTrialAsync(Guid trialId, string error, DateTimeOffset now, CancellationToken ct);

    /// <summary>Counts a claim against the trial's current leg: the number of claims of this leg so far
    /// (1 for the first; reset whenever a claim starts from other epochs than the previous one, as a
    /// promoted trial's does). 0 when the claim is no longer current.</summary>
    Task<int> RecordLegAttemptAsync(TrialClaim claim, CancellationToken ct);

    /// <summary>Hands a running trial back (shutdown): Queued again, lease and worker cleared, the attempt
    /// not counted against its leg, its epochs past the checkpoint dropped. False when the claim is no
    /// longer current.</summary>
    Task<bool> ReleaseClaimAsync(TrialClaim claim, DateTimeOffset now, CancellationToken ct);

    /// <summary>As <see cref="CreateSearchAsync"/>, only when fewer than <paramref name="maxActive"/> searches
    /// are queued or running, counted in the inserting transaction (concurrent submissions are serialised).
    /// False (nothing written) when the limit is reached.</summary>
    Task<bool> TryCreateSearchAsync(SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials, int maxActive, CancellationToken ct);

    /// <summary>As <see cref="CreateComparisonAsync"/>, only when all its searches fit under
    /// <paramref name="maxActive"/> active searches (checked as <see cref="TryCreateSearchAsync"/> does).</summary>
    Task<bool> TryCreateComparisonAsync(
        ComparisonRecord comparison,
        IReadOnlyList<(SearchRecord Search, StageRecord Stage, IReadOnlyList<TrialRecord> Trials)> searches,
        int maxActive,
        CancellationToken ct);

    /// <summary>Searches in Queued or Running status.</summary>
    Task<int> CountActiveSearchesAsync(CancellationToken ct);
}
