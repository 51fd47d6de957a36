using Routero.FakeProvider.Behaviours;
using Routero.FakeProvider.Hosting;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Embeddings;

/// <summary><c>POST /v1/embeddings</c>.</summary>
internal static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext context, ProviderState state, EmbeddingRequest request)
    {
        var behaviour = ModelBehaviour.Parse(request.Model);
        if (await BehaviourGate.InterceptAsync(context, state, behaviour, streaming: false))
        {
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentTypes.Json;
        EmbeddingResponseWriter.Write(response.BodyWriter, request);
        await BufferedResponse.SendAsync(context);
    }
}
