using Routero.FakeProvider.Behaviours;
using Routero.FakeProvider.Hosting;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Chat;

/// <summary>
/// Streams a reply as server-sent events, flushing each token event on its own so a relay
/// can be shown to forward chunk by chunk. Applies <c>slow-MS</c>, <c>cut-N</c> and <c>no-usage</c>.
/// </summary>
internal static class ChatStreamer
{
    public static async Task StreamAsync(
        HttpContext context, ProviderState state, ModelBehaviour behaviour, CompletionHeader header, ChatReply reply, ChatRequest request)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentTypes.EventStream;
        response.Headers.CacheControl = "no-cache";

        var output = response.BodyWriter;
        var aborted = context.RequestAborted;
        var sendUsage = request.IncludeUsage && !behaviour.NoUsage;
        ChatChunkWriter.WriteRole(output, header, sendUsage);
        await output.FlushAsync(aborted);

        var cutAfter = behaviour.CutAfterTokens ?? int.MaxValue;
        for (var token = 0; token < reply.CompletionTokens && token < cutAfter; token++)
        {
            if (!await PaceAsync(state, behaviour, aborted))
            {
                return;
            }

            WritePiece(output, header, reply.Content, token, sendUsage);
            await output.FlushAsync(aborted);
        }

        if (behaviour.CutAfterTokens is not null)
        {
            // An upstream dying mid-stream: no finish chunk, no usage, no [DONE].
            throw new StreamCutException();
        }

        if (!await PaceAsync(state, behaviour, aborted))
        {
            return;
        }

        ChatChunkWriter.WriteFinish(output, header, reply.FinishReason, sendUsage);
        if (sendUsage)
        {
            ChatChunkWriter.WriteUsage(output, header, request.PromptTokens, reply.CompletionTokens);
        }

        ChatChunkWriter.WriteDone(output);
        await output.FlushAsync(aborted);
    }

    private static void WritePiece(System.IO.Pipelines.PipeWriter output, in CompletionHeader header, ReadOnlyMemory<byte> content, int token, bool usageNull)
    {
        var text = content.Span;
        var start = TokenSlices.Boundary(text, token);
        var end = TokenSlices.Boundary(text, token + 1);
        ChatChunkWriter.WriteContent(output, header, text[start..end], usageNull);
    }

    /// <summary>Waits <c>slow-MS</c> between events; false when the client has gone.</summary>
    private static ValueTask<bool> PaceAsync(ProviderState state, ModelBehaviour behaviour, CancellationToken aborted)
    {
        if (behaviour.SlowMilliseconds == 0)
        {
            return ValueTask.FromResult(!aborted.IsCancellationRequested);
        }

        return Delay.TryWaitAsync(state.Time, behaviour.SlowMilliseconds, aborted);
    }
}
