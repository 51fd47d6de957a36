using System.Text;
using Routero.FakeProvider.Chat;

namespace Routero.FakeProvider.Tests.Chat;

public sealed class TokenSlicesTests
{
    [Theory]
    [InlineData("abcdefghij")]
    [InlineData("héllo wörld 😀 ünïcödé")]
    [InlineData("😀😀😀")]
    [InlineData("a😀b😀cé")]
    [InlineData("日本語のテキスト")]
    public void Boundary_EveryText_CutsCountTokensThatRecountExactly(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var tokens = FakeTokenizer.Count(text);

        for (var n = 0; n <= tokens; n++)
        {
            var sut = TokenSlices.Boundary(utf8, n);

            Assert.Equal(n, FakeTokenizer.ForByteCount(sut));
            Assert.StartsWith(Encoding.UTF8.GetString(utf8, 0, sut), text, StringComparison.Ordinal);
            Assert.True(n == 0 || sut > TokenSlices.Boundary(utf8, n - 1));
        }

        Assert.Equal(utf8.Length, TokenSlices.Boundary(utf8, tokens));
    }
}
