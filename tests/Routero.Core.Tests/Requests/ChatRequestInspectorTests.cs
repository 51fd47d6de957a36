using System.Text;
using Routero.Requests;

namespace Routero.Core.Tests.Requests;

public sealed class ChatRequestInspectorTests
{
    private const string Messages = """[{"role":"user","content":"hello"}]""";

    private static (RequestError? Error, ChatRequestInfo Info) Chat(string body)
    {
        var info = new ChatRequestInfo();
        var error = ChatRequestInspector.InspectChat(Encoding.UTF8.GetBytes(body), info);
        return (error, info);
    }

    private static ChatRequestInfo ValidChat(string body)
    {
        var (error, info) = Chat(body);
        Assert.Null(error);
        return info;
    }

    private static RequestError ChatError(string body)
    {
        var (error, _) = Chat(body);
        Assert.NotNull(error);
        Assert.Equal("invalid_request_error", error.Code);
        return error;
    }

    private static string Slice(string body, ByteRange range) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body), range.Start, range.Length);

    [Fact]
    public void InspectChat_WhenBodyIsMinimal_ReadsModelAndDefaults()
    {
        var body = $$"""{"model":"gpt-4o","messages":{{Messages}}}""";

        var sut = ValidChat(body);

        Assert.Equal("gpt-4o", sut.Model);
        Assert.Equal("\"gpt-4o\"", Slice(body, sut.ModelValue));
        Assert.False(sut.Stream);
        Assert.Null(sut.MaxTokens);
        Assert.False(sut.MaxTokensValue.Exists);
        Assert.Null(sut.User);
        Assert.False(sut.StreamOptionsValue.Exists);
        Assert.False(sut.IncludeUsageValue.Exists);
        Assert.False(sut.ClientIncludesUsage);
        Assert.False(sut.IsEmbeddings);
        Assert.Equal(body.Length - 1, sut.ClosingBrace);
    }

    [Fact]
    public void InspectChat_WhenEveryKnownFieldIsSet_ReadsThemAll()
    {
        var body = $$"""
            { "messages": {{Messages}}, "model" : "m-1", "stream": true, "max_tokens": 256,
              "user": "cust-7", "stream_options": {"include_usage": true}, "temperature": 0.2 }
            """;

        var sut = ValidChat(body);

        Assert.Equal("m-1", sut.Model);
        Assert.True(sut.Stream);
        Assert.Equal(256, sut.MaxTokens);
        Assert.Equal("256", Slice(body, sut.MaxTokensValue));
        Assert.False(sut.UsesMaxCompletionTokens);
        Assert.Equal("cust-7", sut.User);
        Assert.Equal("""{"include_usage": true}""", Slice(body, sut.StreamOptionsValue));
        Assert.Equal("true", Slice(body, sut.IncludeUsageValue));
        Assert.True(sut.ClientIncludesUsage);
        Assert.Equal('}', body[sut.ClosingBrace]);
        Assert.Equal(body.LastIndexOf('}'), sut.ClosingBrace);
    }

    [Fact]
    public void InspectChat_WhenMaxCompletionTokensIsGiven_RecordsTheSpelling()
    {
        var body = $$"""{"model":"m","messages":{{Messages}},"max_completion_tokens":1000}""";

        var sut = ValidChat(body);

        Assert.Equal(1000, sut.MaxTokens);
        Assert.True(sut.UsesMaxCompletionTokens);
        Assert.Equal("1000", Slice(body, sut.MaxTokensValue));
    }

    [Fact]
    public void InspectChat_WhenIncludeUsageIsFalse_RecordsWhereItSits()
    {
        var body = "{\"model\":\"m\",\"messages\":" + Messages + ",\"stream\":true,\"stream_options\":{\"x\":[1,{\"y\":2}],\"include_usage\":false}}";

        var sut = ValidChat(body);

        Assert.False(sut.ClientIncludesUsage);
        Assert.Equal("false", Slice(body, sut.IncludeUsageValue));
        Assert.Equal("""{"x":[1,{"y":2}],"include_usage":false}""", Slice(body, sut.StreamOptionsValue));
    }

    [Fact]
    public void InspectChat_WhenNullableFieldsAreNull_TreatsThemAsAbsent()
    {
        var body = $$"""{"model":"m","messages":{{Messages}},"stream":null,"max_tokens":null,"user":null,"stream_options":null}""";

        var sut = ValidChat(body);

        Assert.False(sut.Stream);
        Assert.Null(sut.MaxTokens);
        Assert.Null(sut.User);
        Assert.False(sut.ClientIncludesUsage);
        // The nulls' places are kept so that a rewrite replaces them instead of adding duplicate keys.
        Assert.True(sut.MaxTokensValue.Exists);
        Assert.True(sut.StreamOptionsIsNull);
    }

    [Fact]
    public void InspectChat_WhenUserIsEmpty_TreatsItAsAbsent()
    {
        var sut = ValidChat($$"""{"model":"m","messages":{{Messages}},"user":""}""");

        Assert.Null(sut.User);
    }

    [Fact]
    public void InspectChat_WhenModelHasEscapes_UnescapesTheNameAndRecordsTheRawRange()
    {
        var body = $$"""{"model":"a\"b\u00e9","messages":{{Messages}}}""";

        var sut = ValidChat(body);

        Assert.Equal("a\"bé", sut.Model);
        Assert.Equal("""
            "a\"b\u00e9"
            """, Slice(body, sut.ModelValue));
    }

    [Fact]
    public void InspectChat_WhenUnknownFieldsHoldNestedValues_SkipsThem()
    {
        var body = $$"""{"metadata":{"model":"not-this","messages":[]},"model":"m","messages":{{Messages}},"n":1}""";

        var sut = ValidChat(body);

        Assert.Equal("m", sut.Model);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void InspectChat_WhenBodyIsNotAnObject_RefusesWithoutParam(string body)
    {
        var sut = ChatError(body);

        Assert.Null(sut.Param);
        Assert.Equal("The request body must be a JSON object.", sut.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"model\":\"m\",")]
    [InlineData("{\"model\":\"m\" \"messages\":[]}")]
    [InlineData("{\"model\":'m'}")]
    [InlineData("{\"model\":\"m\",}")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]")]
    public void InspectChat_WhenJsonIsMalformed_RefusesWithoutParam(string body)
    {
        var sut = ChatError(body);

        Assert.Null(sut.Param);
    }

    [Theory]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]} {}")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}x")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}}")]
    public void InspectChat_WhenDataFollowsTheObject_RefusesWithoutParam(string body)
    {
        var sut = ChatError(body);

        Assert.Null(sut.Param);
    }

    [Fact]
    public void InspectChat_WhenOnlyWhitespaceFollowsTheObject_Accepts()
    {
        var sut = ValidChat($$"""{"model":"m","messages":{{Messages}}}""" + " \r\n\t");

        Assert.Equal("m", sut.Model);
    }

    [Fact]
    public void InspectChat_WhenModelIsMissing_RefusesOnModel()
    {
        var sut = ChatError($$"""{"messages":{{Messages}}}""");

        Assert.Equal("model", sut.Param);
        Assert.Equal("Missing required parameter: 'model'.", sut.Message);
    }

    [Fact]
    public void InspectChat_WhenModelIsEmpty_RefusesOnModel()
    {
        var sut = ChatError($$"""{"model":"","messages":{{Messages}}}""");

        Assert.Equal("model", sut.Param);
        Assert.Equal("'model' must not be empty.", sut.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[\"m\"]")]
    [InlineData("{\"name\":\"m\"}")]
    [InlineData("true")]
    public void InspectChat_WhenModelIsNotAString_RefusesOnModel(string model)
    {
        var sut = ChatError($$"""{"model":{{model}},"messages":{{Messages}}}""");

        Assert.Equal("model", sut.Param);
        Assert.Equal("'model' must be a string.", sut.Message);
    }

    [Fact]
    public void InspectChat_WhenMessagesAreMissing_RefusesOnMessages()
    {
        var sut = ChatError("""{"model":"m"}""");

        Assert.Equal("messages", sut.Param);
        Assert.Equal("Missing required parameter: 'messages'.", sut.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"hi\"")]
    [InlineData("null")]
    [InlineData("1")]
    public void InspectChat_WhenMessagesIsNotAnArray_RefusesOnMessages(string messages)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{messages}}}""");

        Assert.Equal("messages", sut.Param);
        Assert.Equal("'messages' must be an array.", sut.Message);
    }

    [Fact]
    public void InspectChat_WhenMessagesIsEmpty_RefusesOnMessages()
    {
        var sut = ChatError("""{"model":"m","messages":[]}""");

        Assert.Equal("messages", sut.Param);
        Assert.Equal("'messages' must contain at least one message.", sut.Message);
    }

    [Theory]
    [InlineData("[\"hi\"]", "messages[0]")]
    [InlineData("[null]", "messages[0]")]
    [InlineData("[[]]", "messages[0]")]
    [InlineData("[{\"role\":\"user\"},{\"role\":\"user\"},7]", "messages[2]")]
    public void InspectChat_WhenAMessageIsNotAnObject_RefusesOnThatMessage(string messages, string param)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{messages}}}""");

        Assert.Equal(param, sut.Param);
        Assert.Equal($"'{param}' must be an object.", sut.Message);
    }

    [Theory]
    [InlineData("[{\"content\":\"hi\"}]", "messages[0].role")]
    [InlineData("[{}]", "messages[0].role")]
    [InlineData("[{\"role\":\"user\"},{\"content\":{\"role\":\"nested\"}}]", "messages[1].role")]
    public void InspectChat_WhenAMessageHasNoRole_RefusesOnItsRole(string messages, string param)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{messages}}}""");

        Assert.Equal(param, sut.Param);
        Assert.Equal($"Missing required parameter: '{param}'.", sut.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{}")]
    public void InspectChat_WhenARoleIsNotAString_RefusesOnThatRole(string role)
    {
        var sut = ChatError($$"""{"model":"m","messages":[{"role":"user"},{"role":{{role}}}]}""");

        Assert.Equal("messages[1].role", sut.Param);
        Assert.Equal("'messages[1].role' must be a string.", sut.Message);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void InspectChat_WhenStreamIsNotABoolean_RefusesOnStream(string stream)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{Messages}},"stream":{{stream}}}""");

        Assert.Equal("stream", sut.Param);
        Assert.Equal("'stream' must be a boolean.", sut.Message);
    }

    [Theory]
    [InlineData("max_tokens", "0")]
    [InlineData("max_tokens", "-1")]
    [InlineData("max_tokens", "1.5")]
    [InlineData("max_tokens", "1e3")]
    [InlineData("max_tokens", "2147483648")]
    [InlineData("max_tokens", "\"100\"")]
    [InlineData("max_tokens", "true")]
    [InlineData("max_completion_tokens", "0")]
    [InlineData("max_completion_tokens", "-5")]
    [InlineData("max_completion_tokens", "99999999999")]
    [InlineData("max_completion_tokens", "[1]")]
    public void InspectChat_WhenOutputLimitIsNotAPositiveInt_RefusesOnThatParameter(string param, string value)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{Messages}},"{{param}}":{{value}}}""");

        Assert.Equal(param, sut.Param);
        Assert.Equal($"'{param}' must be a positive integer.", sut.Message);
    }

    [Fact]
    public void InspectChat_WhenOutputLimitIsIntMaxValue_Accepts()
    {
        var sut = ValidChat($$"""{"model":"m","messages":{{Messages}},"max_tokens":2147483647}""");

        Assert.Equal(int.MaxValue, sut.MaxTokens);
    }

    [Theory]
    [InlineData("\"max_tokens\":5,\"max_completion_tokens\":6", "max_completion_tokens")]
    [InlineData("\"max_completion_tokens\":6,\"max_tokens\":5", "max_tokens")]
    public void InspectChat_WhenBothOutputLimitsAreGiven_RefusesOnTheSecond(string limits, string param)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{Messages}},{{limits}}}""");

        Assert.Equal(param, sut.Param);
        Assert.Equal("Give either 'max_tokens' or 'max_completion_tokens', not both.", sut.Message);
    }

    [Fact]
    public void InspectChat_WhenOneOutputLimitIsNull_AcceptsTheOther()
    {
        var sut = ValidChat($$"""{"model":"m","messages":{{Messages}},"max_tokens":null,"max_completion_tokens":6}""");

        Assert.Equal(6, sut.MaxTokens);
        Assert.True(sut.UsesMaxCompletionTokens);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("{}")]
    [InlineData("[\"u\"]")]
    [InlineData("false")]
    public void InspectChat_WhenUserIsNotAString_RefusesOnUser(string user)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{Messages}},"user":{{user}}}""");

        Assert.Equal("user", sut.Param);
        Assert.Equal("'user' must be a string.", sut.Message);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("[]")]
    [InlineData("\"include_usage\"")]
    public void InspectChat_WhenStreamOptionsIsNotAnObject_RefusesOnStreamOptions(string options)
    {
        var sut = ChatError($$"""{"model":"m","messages":{{Messages}},"stream_options":{{options}}}""");

        Assert.Equal("stream_options", sut.Param);
        Assert.Equal("'stream_options' must be an object.", sut.Message);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{}")]
    public void InspectChat_WhenIncludeUsageIsNotABoolean_RefusesOnIncludeUsage(string value)
    {
        var sut = ChatError("{\"model\":\"m\",\"messages\":" + Messages + ",\"stream_options\":{\"include_usage\":" + value + "}}");

        Assert.Equal("stream_options.include_usage", sut.Param);
        Assert.Equal("'stream_options.include_usage' must be a boolean.", sut.Message);
    }

    [Fact]
    public void PromptTokenBound_WhenMessagesHaveText_IsAtLeastTheirUtf8Bytes()
    {
        const string text = "Grüße, 世界! 😀 how many tokens is this?";
        var body = $$"""{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"{{text}}"}]}""";

        var sut = ValidChat(body);

        var textBytes = Encoding.UTF8.GetByteCount(text) + Encoding.UTF8.GetByteCount("be brief")
                      + Encoding.UTF8.GetByteCount("system") + Encoding.UTF8.GetByteCount("user");
        Assert.True(sut.PromptTokenBound >= textBytes, $"{sut.PromptTokenBound} < {textBytes}");
    }

    [Fact]
    public void PromptTokenBound_WhenAMessageIsAdded_GrowsByAtLeastItsTextAndRole()
    {
        var one = ValidChat("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        var two = ValidChat("""{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello there"}]}""");

        Assert.True(two.PromptTokenBound - one.PromptTokenBound >= "assistant".Length + "hello there".Length);
    }

    [Fact]
    public void PromptTokenBound_WhenContentIsAPartsArray_CountsTheTextOfEveryPart()
    {
        const string text = "describe these two sentences in detail please";
        var body = $$"""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"{{text}}"},{"type":"text","text":"{{text}}"}]}]}""";

        var sut = ValidChat(body);

        Assert.True(sut.PromptTokenBound >= 2 * text.Length + "user".Length);
    }

    [Fact]
    public void PromptTokenBound_WhenToolsAreGiven_CountsTheirText()
    {
        const string tools = """[{"type":"function","function":{"name":"get_weather","description":"Get the current weather for a city in a given country","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
        var without = ValidChat($$"""{"model":"m","messages":{{Messages}}}""");
        var withTools = ValidChat($$"""{"model":"m","tools":{{tools}},"messages":{{Messages}}}""");
        var withFunctions = ValidChat($$"""{"model":"m","messages":{{Messages}},"functions":{{tools}}}""");

        var minimum = "get_weather".Length + "Get the current weather for a city in a given country".Length;
        Assert.True(withTools.PromptTokenBound - without.PromptTokenBound >= minimum);
        Assert.Equal(withTools.PromptTokenBound, withFunctions.PromptTokenBound);
    }

    [Fact]
    public void PromptTokenBound_WhenToolCallsCarryArguments_CountsThem()
    {
        const string args = "{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":\\\"celsius\\\"}";
        var body = "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"" + args + "\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"18C\"}]}";

        var sut = ValidChat(body);

        Assert.True(sut.PromptTokenBound >= "{\"city\":\"Paris\",\"unit\":\"celsius\"}".Length + "get_weather".Length);
    }

    [Fact]
    public void PromptTokenBound_WhenAnImageUrlIsGiven_CountsAFlatImageBoundWhateverTheUrlLength()
    {
        static string Body(string url) =>
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}";
        var shortUrl = ValidChat(Body("https://x.test/a.png"));
        var dataUrl = ValidChat(Body("data:image/png;base64," + new string('A', 100_000)));
        var noImage = ValidChat("""{"model":"m","messages":[{"role":"user","content":[]}]}""");

        Assert.Equal(shortUrl.PromptTokenBound, dataUrl.PromptTokenBound);
        Assert.True(shortUrl.PromptTokenBound - noImage.PromptTokenBound >= ChatRequestInspector.ImageTokenBound);
    }

    [Fact]
    public void PromptTokenBound_WhenTwoImagesAreGiven_CountsTheImageBoundTwice()
    {
        var one = ValidChat("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u"}}]}]}""");
        var two = ValidChat("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u"}},{"type":"image_url","image_url":{"url":"u"}}]}]}""");

        Assert.True(two.PromptTokenBound - one.PromptTokenBound >= ChatRequestInspector.ImageTokenBound);
    }

    [Fact]
    public void PromptTokenBound_WhenOtherFieldsHoldText_DoesNotCountThem()
    {
        var plain = ValidChat($$"""{"model":"m","messages":{{Messages}}}""");
        var withMetadata = ValidChat("{\"model\":\"m\",\"messages\":" + Messages + ",\"metadata\":{\"note\":\"" + (new string('x', 5_000)) + "\"}}");

        Assert.Equal(plain.PromptTokenBound, withMetadata.PromptTokenBound);
    }
}
