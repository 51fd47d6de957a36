using System.Text.Json;
using Routero.Auth;

namespace Routero.Relay;

public sealed partial class RelayHandler
{
    /// <summary><c>GET /v1/models</c>: the aliases this key's chain may call, in OpenAI's list shape.</summary>
    public async Task ListModelsAsync(HttpContext context)
    {
        var (keyGrain, policy, error) = await KeyAuthenticator.AuthenticateAsync(context, runtime);
        if (error is not null) { await error.WriteAsync(context.Response); return; }
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var group in runtime.Catalog.All)
            {
                if (!policy!.Models.Allows(group.Alias) || keyGrain!.PinsExclude(group.Alias)) continue;
                writer.WriteStartObject();
                writer.WriteString("id", group.Alias);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", 0);
                writer.WriteString("owned_by", "routero");
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync();
    }
}
