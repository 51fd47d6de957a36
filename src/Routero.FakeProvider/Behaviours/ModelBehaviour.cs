namespace Routero.FakeProvider.Behaviours;

/// <summary>
/// What the fake does for a model name. The name is '+'-separated parts, each matched by
/// prefix (<c>tokens-N</c>, <c>slow-MS</c>, <c>error-CODE</c>, <c>flaky</c>, <c>hang</c>,
/// <c>cut-N</c>, <c>no-usage</c>); unrecognised parts, like <c>echo</c> or <c>gpt-4o</c>, are ignored.
/// </summary>
internal readonly record struct ModelBehaviour
{
    /// <summary>Largest <c>tokens-N</c>, to keep a typo from allocating gigabytes.</summary>
    public const int MaxFixedTokens = 1_000_000;

    /// <summary>Reply of exactly this many "abcd" tokens instead of the echo; null echoes.</summary>
    public int? FixedTokens { get; init; }

    public int SlowMilliseconds { get; init; }

    /// <summary>HTTP status to fail with (400-599); 0 answers normally.</summary>
    public int ErrorStatus { get; init; }

    public bool Flaky { get; init; }

    public bool Hang { get; init; }

    /// <summary>Abort the connection after this many streamed tokens; null streams to the end.</summary>
    public int? CutAfterTokens { get; init; }

    public bool NoUsage { get; init; }

    public static ModelBehaviour Parse(ReadOnlySpan<char> model)
    {
        var behaviour = new ModelBehaviour();
        foreach (var range in model.Split('+'))
        {
            behaviour = behaviour.With(model[range]);
        }

        return behaviour;
    }

    private ModelBehaviour With(ReadOnlySpan<char> part)
    {
        if (TryNumber(part, "tokens-", out var tokens))
        {
            return this with { FixedTokens = Math.Min(tokens, MaxFixedTokens) };
        }

        if (TryNumber(part, "slow-", out var milliseconds))
        {
            return this with { SlowMilliseconds = milliseconds };
        }

        if (TryNumber(part, "error-", out var status) && status is >= 400 and <= 599)
        {
            return this with { ErrorStatus = status };
        }

        if (TryNumber(part, "cut-", out var cut))
        {
            return this with { CutAfterTokens = cut };
        }

        if (part.StartsWith("flaky", StringComparison.Ordinal))
        {
            return this with { Flaky = true };
        }

        if (part.StartsWith("hang", StringComparison.Ordinal))
        {
            return this with { Hang = true };
        }

        return part.StartsWith("no-usage", StringComparison.Ordinal) ? this with { NoUsage = true } : this;
    }

    /// <summary>Matches <paramref name="prefix"/> followed by a run of digits (anything may follow).</summary>
    private static bool TryNumber(ReadOnlySpan<char> part, string prefix, out int value)
    {
        value = 0;
        if (!part.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = part[prefix.Length..];
        var length = digits.IndexOfAnyExceptInRange('0', '9');
        if (length < 0)
        {
            length = digits.Length;
        }

        return length > 0 && int.TryParse(digits[..length], out value);
    }
}
