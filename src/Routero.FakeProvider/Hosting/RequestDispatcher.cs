using System.Buffers;
using System.Text;
using Routero.FakeProvider.Chat;
using Routero.FakeProvider.Embeddings;
using Routero.FakeProvider.Models;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Hosting;

/// <summary>
/// The server's only middleware: counts, captures, authenticates and routes by exact path.
/// A switch instead of endpoint routing keeps the fake off the profile of a benchmark.
/// </summary>
internal sealed class RequestDispatcher(ProviderState state)
{
    public async Task HandleAsync(HttpContext context)
    {
        state.CountRequest();
        var request = context.Request;
        var bodyReader = request.BodyReader;
        try
        {
            var body = await RequestBody.ReadToEndAsync(bodyReader, context.RequestAborted);
            state.Log?.Add(new CapturedRequest(request.Path.Value ?? string.Empty, Decode(body.Buffer), AuthorizationOf(request)));
            if (state.ExpectedAuthorization is { } expected && !string.Equals(AuthorizationOf(request), expected, StringComparison.Ordinal))
            {
                bodyReader.AdvanceTo(body.Buffer.End);
                await OpenAiErrorWriter.WriteAsync(context, OpenAiError.InvalidApiKey());
                return;
            }

            await RouteAsync(context, bodyReader, body.Buffer);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; nobody is listening for an answer.
        }
    }

    private Task RouteAsync(HttpContext context, System.IO.Pipelines.PipeReader bodyReader, ReadOnlySequence<byte> body)
    {
        var request = context.Request;
        var path = request.Path.Value;
        var isPost = HttpMethods.IsPost(request.Method);
        if (isPost && path == "/v1/chat/completions")
        {
            var parsed = ChatRequestReader.TryRead(body, out var chat, out var error);
            bodyReader.AdvanceTo(body.End);
            return parsed ? AnswerChatAsync(context, chat) : OpenAiErrorWriter.WriteAsync(context, error);
        }

        if (isPost && path == "/v1/embeddings")
        {
            var parsed = EmbeddingRequestReader.TryRead(body, out var embeddings, out var error);
            bodyReader.AdvanceTo(body.End);
            return parsed ? AnswerEmbeddingsAsync(context, embeddings) : OpenAiErrorWriter.WriteAsync(context, error);
        }

        bodyReader.AdvanceTo(body.End);
        return HttpMethods.IsGet(request.Method) && path == "/v1/models"
            ? ModelsEndpoint.HandleAsync(context)
            : OpenAiErrorWriter.WriteAsync(context, OpenAiError.NotFound(request.Method, path ?? string.Empty));
    }

    private async Task AnswerChatAsync(HttpContext context, ChatRequest request)
    {
        using (request)
        {
            await ChatEndpoint.HandleAsync(context, state, request);
        }
    }

    private async Task AnswerEmbeddingsAsync(HttpContext context, EmbeddingRequest request)
    {
        using (request)
        {
            await EmbeddingsEndpoint.HandleAsync(context, state, request);
        }
    }

    private static string? AuthorizationOf(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        return values.Count == 0 ? null : values.ToString();
    }

    private static string Decode(ReadOnlySequence<byte> body) => body.IsEmpty ? string.Empty : Encoding.UTF8.GetString(body);
}
