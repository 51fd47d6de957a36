namespace Routero.FakeProvider.Wire;

internal static class ContentTypes
{
    public const string Json = "application/json";
    public const string EventStream = "text/event-stream";
}
