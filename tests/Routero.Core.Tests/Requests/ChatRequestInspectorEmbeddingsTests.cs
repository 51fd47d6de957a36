using System.Text;
using Routero.Requests;

namespace Routero.Core.Tests.Requests;

public sealed class ChatRequestInspectorEmbeddingsTests
{
    private static (RequestError? Error, ChatRequestInfo Info) Embeddings(string body)
    {
        var info = new ChatRequestInfo();
        var error = ChatRequestInspector.InspectEmbeddings(Encoding.UTF8.GetBytes(body), info);
        return (error, info);
    }

    [Fact]
    public void InspectEmbeddings_WhenInputIsAString_BoundsByItsUtf8Bytes()
    {
        var (error, sut) = Embeddings("""{"model":"text-embedding-3-small","input":"héllo wörld"}""");

        Assert.Null(error);
        Assert.True(sut.IsEmbeddings);
        Assert.Equal("text-embedding-3-small", sut.Model);
        Assert.Equal(Encoding.UTF8.GetByteCount("héllo wörld"), sut.PromptTokenBound);
    }

    [Fact]
    public void InspectEmbeddings_WhenInputIsAnArrayOfStrings_BoundsByTheirTotalBytes()
    {
        var (error, sut) = Embeddings("""{"model":"e","input":["ab","cde","€"]}""");

        Assert.Null(error);
        Assert.Equal(2 + 3 + 3, sut.PromptTokenBound);
    }

    [Fact]
    public void InspectEmbeddings_WhenInputIsAnArrayOfTokens_CountsOneTokenEach()
    {
        var (error, sut) = Embeddings("""{"model":"e","input":[101,2023,2003]}""");

        Assert.Null(error);
        Assert.Equal(3, sut.PromptTokenBound);
    }

    [Fact]
    public void InspectEmbeddings_WhenInputIsAnArrayOfTokenArrays_CountsEveryToken()
    {
        var (error, sut) = Embeddings("""{"model":"e","input":[[1,2,3],[4]],"user":"u1"}""");

        Assert.Null(error);
        Assert.Equal(4, sut.PromptTokenBound);
        Assert.Equal("u1", sut.User);
    }

    [Fact]
    public void InspectEmbeddings_WhenInputIsAnEmptyArray_RefusesOnInput()
    {
        var (error, _) = Embeddings("""{"model":"e","input":[]}""");

        Assert.NotNull(error);
        Assert.Equal("input", error.Param);
        Assert.Equal("'input' must not be empty.", error.Message);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{\"text\":\"a\"}")]
    [InlineData("[{\"text\":\"a\"}]")]
    [InlineData("[\"a\",null]")]
    [InlineData("[[1,true]]")]
    public void InspectEmbeddings_WhenInputHasTheWrongType_RefusesOnInput(string input)
    {
        var (error, _) = Embeddings($$"""{"model":"e","input":{{input}}}""");

        Assert.NotNull(error);
        Assert.Equal("input", error.Param);
        Assert.Equal("'input' must be a string, an array of strings, or an array of token arrays.", error.Message);
    }

    [Fact]
    public void InspectEmbeddings_WhenInputIsMissing_RefusesOnInput()
    {
        var (error, _) = Embeddings("""{"model":"e","messages":[{"role":"user","content":"x"}]}""");

        Assert.NotNull(error);
        Assert.Equal("input", error.Param);
        Assert.Equal("Missing required parameter: 'input'.", error.Message);
    }

    [Fact]
    public void InspectEmbeddings_WhenModelIsMissing_RefusesOnModel()
    {
        var (error, _) = Embeddings("""{"input":"x"}""");

        Assert.NotNull(error);
        Assert.Equal("model", error.Param);
    }

    [Fact]
    public void InspectEmbeddings_WhenChatOnlyFieldsArePresent_IgnoresThem()
    {
        var (error, sut) = Embeddings("""{"model":"e","input":"x","stream":"yes","max_tokens":-1,"stream_options":5}""");

        Assert.Null(error);
        Assert.False(sut.Stream);
        Assert.Null(sut.MaxTokens);
    }

    [Fact]
    public void InspectChat_WhenInputIsGivenInsteadOfMessages_RefusesOnMessages()
    {
        var info = new ChatRequestInfo();

        var error = ChatRequestInspector.InspectChat("""{"model":"m","input":"x"}"""u8, info);

        Assert.NotNull(error);
        Assert.Equal("messages", error.Param);
        Assert.False(info.IsEmbeddings);
    }
}
