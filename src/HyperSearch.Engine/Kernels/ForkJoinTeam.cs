namespace HyperSearch.Engine.Kernels;

/// <summary>
/// A team of dedicated helper threads for one fork-join at a time, so a multi-threaded GEMM splits its
/// work without allocating (Parallel.For allocates its loop state on every call). Teams are pooled per
/// process: a caller rents one for a single <see cref="Run"/>, so concurrent trials never share one,
/// and the pool only ever holds as many teams as there were concurrent multi-threaded GEMMs. Helper
/// threads keep their thread-static packing buffers from call to call.
/// </summary>
internal sealed unsafe class ForkJoinTeam
{
    private static readonly Stack<ForkJoinTeam> Pool = new();
    private static readonly Lock PoolLock = new();

    private readonly List<Helper> _helpers = [];
    private readonly CountdownEvent _done = new(0);
    private delegate*<void*, int, int, void> _work;
    private void* _state;
    private int _parts;
    private Exception? _error;

    /// <summary>
    /// Runs <c>work(state, part, parts)</c> for part = 0 … parts − 1: part 0 on the calling thread, the
    /// others on helpers, and returns when all are done. <paramref name="state"/> must stay valid until then
    /// (a pointer to the caller's stack is fine).
    /// </summary>
    public static void Run(delegate*<void*, int, int, void> work, void* state, int parts)
    {
        ForkJoinTeam? team;
        lock (PoolLock)
        {
            Pool.TryPop(out team);
        }

        team ??= new ForkJoinTeam();
        try
        {
            team.RunOnce(work, state, parts);
        }
        finally
        {
            lock (PoolLock)
            {
                Pool.Push(team);
            }
        }
    }

    private void RunOnce(delegate*<void*, int, int, void> work, void* state, int parts)
    {
        while (_helpers.Count < parts - 1)
        {
            var helper = new Helper(this, _helpers.Count + 1);
            _helpers.Add(helper);
            helper.Start();
        }

        _work = work;
        _state = state;
        _parts = parts;
        _error = null;
        _done.Reset(parts - 1);
        for (int i = 0; i < parts - 1; i++)
        {
            _helpers[i].Go.Release();
        }

        try
        {
            work(state, 0, parts);
        }
        finally
        {
            // Never return while helpers may still touch the caller's buffers.
            _done.Wait();
        }

        if (_error is { } error)
        {
            throw new InvalidOperationException("A GEMM helper thread failed.", error);
        }
    }

    private sealed class Helper(ForkJoinTeam team, int part)
    {
        public SemaphoreSlim Go { get; } = new(0);

        public void Start() => new Thread(Loop) { IsBackground = true, Name = "hypersearch-gemm" }.Start();

        private void Loop()
        {
            while (true)
            {
                Go.Wait();
                try
                {
                    team._work(team._state, part, team._parts);
                }
                catch (Exception ex)
                {
                    team._error = ex;
                }
                finally
                {
                    team._done.Signal();
                }
            }
        }
    }
}
