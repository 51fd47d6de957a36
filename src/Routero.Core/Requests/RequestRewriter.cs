using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Routero.Requests;

/// <summary>
/// Rewrites a request body by splicing bytes at the ranges <see cref="ChatRequestInspector"/> recorded:
/// the model name, the output limit, and <c>stream_options.include_usage</c>. Everything else is copied
/// through untouched, so a rewrite costs one copy of the body and no re-serialisation.
/// </summary>
public static class RequestRewriter
{
    /// <summary>True when the body needs no change for these targets.</summary>
    public static bool IsUnchanged(ChatRequestInfo info, string upstreamModel, int? maxTokens, bool includeUsage) =>
        upstreamModel == info.Model && maxTokens is null && (!includeUsage || info.ClientIncludesUsage);

    /// <summary>
    /// Writes the rewritten body. <paramref name="maxTokens"/> (when set) replaces or adds the output limit,
    /// keeping the client's spelling; <paramref name="includeUsage"/> makes sure the stream ends with usage.
    /// </summary>
    public static void Rewrite(ReadOnlySpan<byte> body, ChatRequestInfo info, string upstreamModel, int? maxTokens, bool includeUsage, IBufferWriter<byte> output)
    {
        Span<Edit> edits = stackalloc Edit[4];
        var count = 0;
        if (upstreamModel != info.Model) edits[count++] = new(info.ModelValue, EditKind.Model);
        if (maxTokens is not null)
            edits[count++] = info.MaxTokensValue.Exists ? new(info.MaxTokensValue, EditKind.MaxTokensValue) : new(new(info.ClosingBrace, 0), EditKind.AppendMaxTokens);
        if (includeUsage && !info.ClientIncludesUsage)
        {
            edits[count++] = info.IncludeUsageValue.Exists ? new(info.IncludeUsageValue, EditKind.UsageValue)
                : info.StreamOptionsIsNull ? new(info.StreamOptionsValue, EditKind.ReplaceNullStreamOptions)
                : info.StreamOptionsValue.Exists ? new(new(info.StreamOptionsValue.Start + 1, 0), EditKind.InsertUsageIntoOptions)
                : new(new(info.ClosingBrace, 0), EditKind.AppendStreamOptions);
        }
        var active = edits[..count];
        active.Sort(static (a, b) => a.Range.Start != b.Range.Start ? a.Range.Start.CompareTo(b.Range.Start) : a.Kind.CompareTo(b.Kind));
        var at = 0;
        foreach (var edit in active)
        {
            output.Write(body[at..edit.Range.Start]);
            WriteEdit(edit.Kind, info, upstreamModel, maxTokens ?? 0, body, output);
            at = edit.Range.End;
        }
        output.Write(body[at..]);
    }

    private static void WriteEdit(EditKind kind, ChatRequestInfo info, string model, int maxTokens, ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        switch (kind)
        {
            case EditKind.Model:
                WriteJsonString(model, output);
                break;
            case EditKind.MaxTokensValue:
                WriteInt(maxTokens, output);
                break;
            case EditKind.AppendMaxTokens:
                output.Write(info.UsesMaxCompletionTokens ? ",\"max_completion_tokens\":"u8 : ",\"max_tokens\":"u8);
                WriteInt(maxTokens, output);
                break;
            case EditKind.UsageValue:
                output.Write("true"u8);
                break;
            case EditKind.InsertUsageIntoOptions:
                output.Write("\"include_usage\":true"u8);
                if (!IsEmptyObject(body, info.StreamOptionsValue)) output.Write(","u8);
                break;
            case EditKind.ReplaceNullStreamOptions:
                output.Write("{\"include_usage\":true}"u8);
                break;
            case EditKind.AppendStreamOptions:
                output.Write(",\"stream_options\":{\"include_usage\":true}"u8);
                break;
        }
    }

    private static bool IsEmptyObject(ReadOnlySpan<byte> body, ByteRange range) =>
        body.Slice(range.Start + 1, range.Length - 2).Trim(" \t\r\n"u8).IsEmpty;

    private static void WriteInt(int value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(11);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    // Model names are plain ASCII ("gpt-4o-mini", "org/model:tag"): those are copied between quotes as they are, with no
    // writer allocated per request. Anything else (quotes, backslashes, control or non-ASCII characters) goes through
    // Utf8JsonWriter's escaping.
    private static void WriteJsonString(string value, IBufferWriter<byte> output)
    {
        if (!value.AsSpan().ContainsAnyExceptInRange((char)0x20, (char)0x7E) && !value.AsSpan().ContainsAny('"', '\\'))
        {
            var span = output.GetSpan(value.Length + 2);
            span[0] = (byte)'"';
            System.Text.Encoding.ASCII.GetBytes(value, span[1..]);
            span[value.Length + 1] = (byte)'"';
            output.Advance(value.Length + 2);
            return;
        }
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStringValue(value);
    }

    private enum EditKind { Model, MaxTokensValue, UsageValue, ReplaceNullStreamOptions, InsertUsageIntoOptions, AppendMaxTokens, AppendStreamOptions }

    private readonly record struct Edit(ByteRange Range, EditKind Kind);
}
