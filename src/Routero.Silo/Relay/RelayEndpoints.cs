namespace Routero.Relay;

/// <summary>Maps the OpenAI-compatible routes (with and without the <c>/v1</c> prefix, as OpenAI clients vary).</summary>
public static class RelayEndpoints
{
    /// <summary>Maps <c>/v1/chat/completions</c>, <c>/v1/embeddings</c> and <c>/v1/models</c>.</summary>
    /// <remarks>
    /// The handler is the silo's singleton, taken once here and bound as a plain request delegate: a handler parameter
    /// bound per request would open a dependency-injection scope for every relayed call (a scope, its service cache and
    /// its feature, about 280 bytes) to hand back the same instance.
    /// </remarks>
    public static void MapRouteroRelay(this IEndpointRouteBuilder app)
    {
        var handler = app.ServiceProvider.GetRequiredService<RelayHandler>();
        foreach (var prefix in new[] { "/v1", "" })
        {
            app.MapPost(prefix + "/chat/completions", (HttpContext c) => handler.HandleAsync(c, RelayKind.Chat));
            app.MapPost(prefix + "/embeddings", (HttpContext c) => handler.HandleAsync(c, RelayKind.Embeddings));
            app.MapGet(prefix + "/models", (HttpContext c) => handler.ListModelsAsync(c));
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
