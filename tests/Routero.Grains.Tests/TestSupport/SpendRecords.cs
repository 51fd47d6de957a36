using Routero.Storage;

namespace Routero.Grains.Tests.TestSupport;

/// <summary>The spend record the spend writer's tests queue: key-1 of team-1, 100 + 20 tokens.</summary>
internal static class SpendRecords
{
    public static SpendRecord Sample(string requestId, long nanos = 3_000) => new()
    {
        RequestId = requestId,
        Timestamp = GrainWorld.T0,
        KeyId = "key-1",
        TeamId = "team-1",
        Model = "gpt-test",
        CallType = "chat",
        PromptTokens = 100,
        CompletionTokens = 20,
        SpendNanos = nanos,
        Status = 200,
    };
}
