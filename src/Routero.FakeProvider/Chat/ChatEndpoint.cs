using Routero.FakeProvider.Behaviours;
using Routero.FakeProvider.Hosting;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Chat;

/// <summary><c>POST /v1/chat/completions</c>.</summary>
internal static class ChatEndpoint
{
    public static async Task HandleAsync(HttpContext context, ProviderState state, ChatRequest request)
    {
        var behaviour = ModelBehaviour.Parse(request.Model);
        if (await BehaviourGate.InterceptAsync(context, state, behaviour, request.Stream))
        {
            return;
        }

        var reply = ChatReply.For(request, behaviour);
        var header = new CompletionHeader(state.NextCompletionId(), state.UnixNow(), request.Model);
        if (request.Stream)
        {
            await ChatStreamer.StreamAsync(context, state, behaviour, header, reply, request);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentTypes.Json;
        ChatCompletionWriter.Write(response.BodyWriter, header, reply, request.PromptTokens);
        await BufferedResponse.SendAsync(context);
    }
}
