namespace Routero.FakeProvider;

/// <summary>One request as the fake provider received it, kept for test assertions.</summary>
/// <param name="Path">Request path, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Body">Request body decoded as UTF-8; empty when there was none.</param>
/// <param name="Authorization">Raw <c>Authorization</c> header value, or null when absent.</param>
public sealed record CapturedRequest(string Path, string Body, string? Authorization);
