using System.Buffers;
using System.Text;
using System.Text.Json;
using Routero.Requests;

namespace Routero.Core.Tests.Requests;

public sealed class RequestRewriterTests
{
    private const string Messages = """[{"role":"user","content":"hello"}]""";

    private static ChatRequestInfo Inspect(string body)
    {
        var info = new ChatRequestInfo();
        Assert.Null(ChatRequestInspector.InspectChat(Encoding.UTF8.GetBytes(body), info));
        return info;
    }

    private static string Rewrite(string body, string? model = null, int? maxTokens = null, bool includeUsage = false)
    {
        var info = Inspect(body);
        var output = new ArrayBufferWriter<byte>();
        RequestRewriter.Rewrite(Encoding.UTF8.GetBytes(body), info, model ?? info.Model, maxTokens, includeUsage, output);
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        using var _ = JsonDocument.Parse(text); // every rewrite must stay valid JSON
        return text;
    }

    private static JsonElement Root(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Every top-level property except <paramref name="edited"/> keeps its place and its exact bytes.</summary>
    private static void AssertRestUnchanged(string original, string rewritten, params string[] edited)
    {
        var before = Root(original).EnumerateObject().Where(p => !edited.Contains(p.Name)).ToList();
        var after = Root(rewritten).EnumerateObject().Where(p => !edited.Contains(p.Name)).ToList();
        Assert.Equal(before.Select(p => p.Name), after.Select(p => p.Name));
        Assert.Equal(before.Select(p => p.Value.GetRawText()), after.Select(p => p.Value.GetRawText()));
    }

    [Fact]
    public void Rewrite_WhenModelDiffers_ReplacesOnlyTheModelValue()
    {
        const string body = $$"""{"model":"alias","messages":{{Messages}},"temperature":0.5}""";

        var sut = Rewrite(body, model: "gpt-4o-2024-08-06");

        Assert.Equal($$"""{"model":"gpt-4o-2024-08-06","messages":{{Messages}},"temperature":0.5}""", sut);
    }

    [Theory]
    [InlineData("we\"ird\\name")]
    [InlineData("</script>&'+")]
    [InlineData("modèle-日本-😀")]
    [InlineData("tab\there\nnewline\u0001")]
    public void Rewrite_WhenModelNeedsJsonEscaping_WritesAValidStringWithThatValue(string model)
    {
        const string body = $$"""{"model":"alias","messages":{{Messages}},"n":2}""";

        var sut = Rewrite(body, model: model);

        Assert.Equal(model, Root(sut).GetProperty("model").GetString());
        AssertRestUnchanged(body, sut, "model");
    }

    [Fact]
    public void Rewrite_WhenMaxTokensIsPresent_ReplacesItInPlace()
    {
        const string body = $$"""{"model":"m","max_tokens":4096,"messages":{{Messages}}}""";

        var sut = Rewrite(body, maxTokens: 100);

        Assert.Equal($$"""{"model":"m","max_tokens":100,"messages":{{Messages}}}""", sut);
    }

    [Fact]
    public void Rewrite_WhenMaxCompletionTokensIsPresent_KeepsThatSpelling()
    {
        const string body = $$"""{"model":"m","messages":{{Messages}},"max_completion_tokens": 4096 ,"top_p":1}""";

        var sut = Rewrite(body, maxTokens: 2147483647);

        Assert.Equal($$"""{"model":"m","messages":{{Messages}},"max_completion_tokens": 2147483647 ,"top_p":1}""", sut);
    }

    [Fact]
    public void Rewrite_WhenMaxTokensIsAbsent_AppendsIt()
    {
        const string body = $$"""{"model":"m","messages":{{Messages}}}""";

        var sut = Rewrite(body, maxTokens: 100);

        Assert.Equal($$"""{"model":"m","messages":{{Messages}},"max_tokens":100}""", sut);
    }

    [Fact]
    public void Rewrite_WhenBodyEndsWithWhitespace_AppendsBeforeTheClosingBrace()
    {
        const string body = $$"""
            {
              "model": "m",
              "messages": {{Messages}}
            }

            """;

        var sut = Rewrite(body, maxTokens: 7);

        Assert.Equal(7, Root(sut).GetProperty("max_tokens").GetInt32());
        Assert.EndsWith(",\"max_tokens\":7}\n", sut, StringComparison.Ordinal);
        AssertRestUnchanged(body, sut, "max_tokens");
    }

    [Theory]
    [InlineData("{}", """{"include_usage":true}""")]
    [InlineData("{ \n }", "{\"include_usage\":true \n }")]
    [InlineData("""{"foo":1}""", """{"include_usage":true,"foo":1}""")]
    [InlineData("""{ "foo": [1, 2] }""", """{"include_usage":true, "foo": [1, 2] }""")]
    public void Rewrite_WhenStreamOptionsLacksIncludeUsage_InsertsIt(string options, string expected)
    {
        var body = $$"""{"model":"m","messages":{{Messages}},"stream":true,"stream_options":{{options}}}""";

        var sut = Rewrite(body, includeUsage: true);

        Assert.Equal($$"""{"model":"m","messages":{{Messages}},"stream":true,"stream_options":{{expected}}}""", sut);
    }

    [Fact]
    public void Rewrite_WhenIncludeUsageIsFalse_FlipsItToTrue()
    {
        const string body = "{\"model\":\"m\",\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":false,\"x\":1}}";

        var sut = Rewrite(body, includeUsage: true);

        Assert.Equal("{\"model\":\"m\",\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":true,\"x\":1}}", sut);
    }

    [Fact]
    public void Rewrite_WhenStreamOptionsIsAbsent_AppendsIt()
    {
        const string body = $$"""{"model":"m","stream":true,"messages":{{Messages}}}""";

        var sut = Rewrite(body, includeUsage: true);

        Assert.Equal("{\"model\":\"m\",\"stream\":true,\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":true}}", sut);
    }

    [Fact]
    public void Rewrite_WhenClientAlreadyIncludesUsage_LeavesStreamOptionsAlone()
    {
        const string body = "{\"model\":\"m\",\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":true}}";

        var sut = Rewrite(body, includeUsage: true);

        Assert.Equal(body, sut);
    }

    [Fact]
    public void Rewrite_WhenIncludeUsageIsNotWanted_LeavesAFalseValueAlone()
    {
        const string body = "{\"model\":\"m\",\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":false}}";

        var sut = Rewrite(body, includeUsage: false);

        Assert.Equal(body, sut);
    }

    [Fact]
    public void Rewrite_WhenEveryValueIsEditedInPlace_AppliesAllEdits()
    {
        const string body = $$"""{"stream_options":{"include_usage":false},"max_tokens":9,"model":"alias","messages":{{Messages}},"seed":3}""";

        var sut = Rewrite(body, model: "real", maxTokens: 5, includeUsage: true);

        Assert.Equal($$"""{"stream_options":{"include_usage":true},"max_tokens":5,"model":"real","messages":{{Messages}},"seed":3}""", sut);
    }

    [Fact]
    public void Rewrite_WhenEveryValueIsAppended_AppendsThemAllInOneValidObject()
    {
        const string body = $$"""{"model":"alias","messages":{{Messages}},"stream":true}""";

        var sut = Rewrite(body, model: "real", maxTokens: 5, includeUsage: true);

        Assert.Equal("{\"model\":\"real\",\"messages\":" + Messages + ",\"stream\":true,\"max_tokens\":5,\"stream_options\":{\"include_usage\":true}}", sut);
    }

    [Fact]
    public void Rewrite_WhenNothingChanges_CopiesTheBodyByteForByte()
    {
        const string body = $$"""{ "model" : "m", "messages" : {{Messages}}, "x": "é" }""";

        var sut = Rewrite(body);

        Assert.Equal(body, sut);
    }

    public static TheoryData<string> Bodies => new()
    {
        $$"""{"model":"a","messages":{{Messages}}}""",
        $$"""{"messages":{{Messages}},"model":"a","max_tokens":10}""",
        "{\"model\":\"a\",\"max_completion_tokens\":10,\"messages\":" + Messages + ",\"stream\":true,\"stream_options\":{}}",
        "{\"stream_options\":{\"include_usage\":false,\"extra\":{\"k\":[1,2]}},\"model\":\"a\",\"messages\":" + Messages + ",\"user\":\"u\"}",
        "{\"model\":\"a\",\"messages\":" + Messages + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"stream_options\":{\"x\":null}}",
        $$"""{"model":"a","messages":{{Messages}},"stream_options":{"include_usage":true},"max_tokens":1}""",
        "{\r\n  \"model\": \"a\",\r\n  \"messages\": " + Messages + ",\r\n  \"metadata\": {\"model\": \"not-this\"}\r\n}\r\n",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Rewrite_WhenAnyCombinationOfEditsIsApplied_ProducesTheTargetsAndKeepsEverythingElse(string body)
    {
        var info = Inspect(body);
        foreach (var model in new[] { "a", "b\"c" })
        foreach (var maxTokens in new int?[] { null, 42 })
        foreach (var includeUsage in new[] { false, true })
        {
            var sut = Root(Rewrite(body, model, maxTokens, includeUsage));

            Assert.Equal(model, sut.GetProperty("model").GetString());
            var limitName = info.UsesMaxCompletionTokens ? "max_completion_tokens" : "max_tokens";
            if (maxTokens is not null) Assert.Equal(42, sut.GetProperty(limitName).GetInt32());
            if (includeUsage) Assert.True(sut.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            var expectedNames = Root(body).EnumerateObject().Select(p => p.Name)
                .Concat(maxTokens is not null && !info.MaxTokensValue.Exists ? new[] { limitName } : [])
                .Concat(includeUsage && !info.StreamOptionsValue.Exists ? new[] { "stream_options" } : []);
            Assert.Equal(expectedNames, sut.EnumerateObject().Select(p => p.Name));
            AssertRestUnchanged(body, sut.GetRawText(), "model", limitName, "stream_options");
            if (info.StreamOptionsValue.Exists)
            {
                var before = Root(body).GetProperty("stream_options").EnumerateObject().Where(p => p.Name != "include_usage");
                var after = sut.GetProperty("stream_options").EnumerateObject().Where(p => p.Name != "include_usage");
                Assert.Equal(before.Select(p => p.Value.GetRawText()), after.Select(p => p.Value.GetRawText()));
            }
        }
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user"}],"max_tokens":null}""", 100, false, "max_tokens")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}],"stream_options":null}""", null, true, "stream_options")]
    public void Rewrite_WhenTheClientSentTheValueAsNull_WritesThePropertyOnce(string body, int? maxTokens, bool includeUsage, string name)
    {
        var sut = Root(Rewrite(body, maxTokens: maxTokens, includeUsage: includeUsage));

        Assert.Equal(1, sut.EnumerateObject().Count(p => p.Name == name));
    }

    [Fact]
    public void IsUnchanged_WhenModelMatchesAndNothingElseIsAsked_IsTrue()
    {
        var info = Inspect($$"""{"model":"m","messages":{{Messages}}}""");

        Assert.True(RequestRewriter.IsUnchanged(info, "m", null, includeUsage: false));
    }

    [Fact]
    public void IsUnchanged_WhenUsageIsAskedAndClientAlreadyIncludesIt_IsTrue()
    {
        var info = Inspect("{\"model\":\"m\",\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":true}}");

        Assert.True(RequestRewriter.IsUnchanged(info, "m", null, includeUsage: true));
    }

    [Fact]
    public void IsUnchanged_WhenModelDiffers_IsFalse()
    {
        var info = Inspect($$"""{"model":"m","messages":{{Messages}}}""");

        Assert.False(RequestRewriter.IsUnchanged(info, "M", null, includeUsage: false));
    }

    [Fact]
    public void IsUnchanged_WhenAnOutputLimitIsImposed_IsFalse()
    {
        var info = Inspect($$"""{"model":"m","messages":{{Messages}},"max_tokens":5}""");

        Assert.False(RequestRewriter.IsUnchanged(info, "m", 5, includeUsage: false));
    }

    [Fact]
    public void IsUnchanged_WhenUsageIsAskedAndClientDidNotAskForIt_IsFalse()
    {
        var info = Inspect("{\"model\":\"m\",\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":false}}");

        Assert.False(RequestRewriter.IsUnchanged(info, "m", null, includeUsage: true));
    }
}
