namespace Routero.Requests;

/// <summary>A byte range inside a request body.</summary>
public readonly record struct ByteRange(int Start, int Length)
{
    /// <summary>No range: the property was absent.</summary>
    public static readonly ByteRange None = new(-1, 0);

    /// <summary>True when the range exists.</summary>
    public bool Exists => Start >= 0;

    /// <summary>The first byte after the range.</summary>
    public int End => Start + Length;
}

/// <summary>
/// What the relay needs from a chat or embeddings request body, read in one forward pass, together with the
/// byte ranges of the values it may rewrite, so a rewrite splices bytes instead of re-serialising the body.
/// </summary>
public sealed class ChatRequestInfo
{
    /// <summary>The requested model (alias).</summary>
    public string Model { get; internal set; } = "";

    /// <summary>Where the model's JSON string value sits.</summary>
    public ByteRange ModelValue { get; internal set; } = ByteRange.None;

    /// <summary>True when the client asked for an SSE stream.</summary>
    public bool Stream { get; internal set; }

    /// <summary>The requested output limit (<c>max_tokens</c> or <c>max_completion_tokens</c>), if any.</summary>
    public int? MaxTokens { get; internal set; }

    /// <summary>Where the output limit's value sits, and whether it was spelled <c>max_completion_tokens</c>.</summary>
    public ByteRange MaxTokensValue { get; internal set; } = ByteRange.None;

    /// <summary>True when the limit was given as <c>max_completion_tokens</c>.</summary>
    public bool UsesMaxCompletionTokens { get; internal set; }

    /// <summary>The <c>user</c> field: the end customer this request is for.</summary>
    public string? User { get; internal set; }

    /// <summary>Where <c>stream_options</c>' object value sits.</summary>
    public ByteRange StreamOptionsValue { get; internal set; } = ByteRange.None;

    /// <summary>True when <c>stream_options</c> was sent as <c>null</c> (its range then covers the null).</summary>
    public bool StreamOptionsIsNull { get; internal set; }

    /// <summary>Where <c>stream_options.include_usage</c>'s value sits.</summary>
    public ByteRange IncludeUsageValue { get; internal set; } = ByteRange.None;

    /// <summary>True when the client itself asked for the usage chunk.</summary>
    public bool ClientIncludesUsage { get; internal set; }

    /// <summary>An upper bound of the prompt's tokens (see <see cref="ChatRequestInspector"/>).</summary>
    public int PromptTokenBound { get; internal set; }

    /// <summary>The offset of the body's closing brace.</summary>
    public int ClosingBrace { get; internal set; }

    /// <summary>True for an embeddings request.</summary>
    public bool IsEmbeddings { get; internal set; }
}

/// <summary>A request body the relay cannot accept: the message, and the parameter at fault (OpenAI's <c>param</c>).</summary>
public sealed record RequestError(string Message, string? Param, string Code = "invalid_request_error");
