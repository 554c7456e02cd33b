namespace WindFlow.Tests.TestSupport;

/// <summary>
/// A clock whose timers (Task.Delay, CancellationTokenSource timeouts) fire only when a test calls
/// <see cref="Advance"/>; <see cref="WaitForTimerAsync"/> lets the test wait until the code under
/// test has armed a timer for a given delay, instead of sleeping.
/// </summary>
public sealed class TimerTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time on and fires the timers that fall due, outside the lock.</summary>
    public void Advance(TimeSpan by)
    {
        List<FakeTimer> due;
        lock (_gate)
        {
            _now += by;
            due = [.. _timers.Where(t => t.Due <= _now)];
            foreach (var timer in due)
            {
                _timers.Remove(timer);
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    /// <summary>Completes when an armed timer was set for exactly <paramref name="delay"/>.</summary>
    public async Task WaitForTimerAsync(TimeSpan delay)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_timers.Any(t => t.Delay == delay))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private void Arm(FakeTimer timer, TimeSpan dueTime)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.Delay = dueTime;
                timer.Due = _now + dueTime;
                _timers.Add(timer);
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class FakeTimer(TimerTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Delay { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Arm(this, dueTime);
            return true;
        }

        public void Dispose() => clock.Arm(this, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
