using Routero.FakeProvider.Hosting;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Behaviours;

/// <summary>
/// Applies the behaviours that decide whether a request gets a normal answer at all
/// (error, flaky, hang, non-stream cut, non-stream slow). Shared by every POST endpoint.
/// </summary>
internal static class BehaviourGate
{
    private enum Outcome
    {
        Answer,
        Fail,
        Hang,
        Abort,
    }

    /// <summary>True when the gate has dealt with the request and the endpoint must not answer.</summary>
    public static ValueTask<bool> InterceptAsync(HttpContext context, ProviderState state, ModelBehaviour behaviour, bool streaming)
    {
        if (behaviour is { SlowMilliseconds: 0, ErrorStatus: 0, Flaky: false, Hang: false }
            && (streaming || behaviour.CutAfterTokens is null))
        {
            return ValueTask.FromResult(false);
        }

        return InterceptSlowAsync(context, state, behaviour, streaming);
    }

    private static async ValueTask<bool> InterceptSlowAsync(HttpContext context, ProviderState state, ModelBehaviour behaviour, bool streaming)
    {
        var (outcome, status) = Decide(state, behaviour, streaming);

        // A stream is slowed between its events instead, unless it never starts.
        if (behaviour.SlowMilliseconds > 0 && (!streaming || outcome != Outcome.Answer)
            && !await Delay.TryWaitAsync(state.Time, behaviour.SlowMilliseconds, context.RequestAborted))
        {
            return true;
        }

        switch (outcome)
        {
            case Outcome.Fail:
                await OpenAiErrorWriter.WriteAsync(context, OpenAiError.ForStatus(status));
                return true;
            case Outcome.Hang:
                await HangAsync(context, state);
                return true;
            case Outcome.Abort:
                context.Abort();
                return true;
            default:
                return false;
        }
    }

    private static (Outcome Outcome, int Status) Decide(ProviderState state, ModelBehaviour behaviour, bool streaming)
    {
        if (behaviour.ErrorStatus != 0)
        {
            return (Outcome.Fail, behaviour.ErrorStatus);
        }

        if (behaviour.Flaky && state.NextFlaky() % 2 == 0)
        {
            return (Outcome.Fail, StatusCodes.Status503ServiceUnavailable);
        }

        if (behaviour.Hang)
        {
            return (Outcome.Hang, 0);
        }

        return behaviour.CutAfterTokens is not null && !streaming ? (Outcome.Abort, 0) : (Outcome.Answer, 0);
    }

    private static async Task HangAsync(HttpContext context, ProviderState state)
    {
        // Server shutdown must end a hang too, or disposing the server would wait for it.
        using var released = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        await Delay.TryWaitAsync(TimeProvider.System, Timeout.Infinite, released.Token);
        context.Abort();
    }
}
