namespace Routero.Relay;

/// <summary>Maps the OpenAI-compatible routes (with and without the <c>/v1</c> prefix, as OpenAI clients vary).</summary>
public static class RelayEndpoints
{
    /// <summary>Maps <c>/v1/chat/completions</c>, <c>/v1/embeddings</c> and <c>/v1/models</c>.</summary>
    public static void MapRouteroRelay(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/v1", "" })
        {
            app.MapPost(prefix + "/chat/completions", (HttpContext c, RelayHandler h) => h.HandleAsync(c, RelayKind.Chat));
            app.MapPost(prefix + "/embeddings", (HttpContext c, RelayHandler h) => h.HandleAsync(c, RelayKind.Embeddings));
            app.MapGet(prefix + "/models", (HttpContext c, RelayHandler h) => h.ListModelsAsync(c));
        }
    }
}

/// <summary>Which relayed call.</summary>
public enum RelayKind
{
    /// <summary>Chat completions (JSON or SSE).</summary>
    Chat,
    /// <summary>Embeddings.</summary>
    Embeddings,
}
