using System.Text;
using Routero.Admin;

namespace Routero.Silo.Tests.Admin;

public sealed class JsonDuplicatesTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2}""", null)]
    [InlineData("""{"a":1,"a":2}""", "a")]
    [InlineData("""{"a":{"x":1,"y":{"z":1,"z":2}}}""", "a.y.z")]
    [InlineData("""{"member":[{"role":"a"},{"role":"b","role":"c"}]}""", "member[1].role")]
    [InlineData("""{"m":[1,[2,3],{"k":1}],"n":[{"k":1,"k":1}]}""", "n[0].k")]
    [InlineData("""{"a":[{"k":1},{"k":1}],"b":{"k":1},"k":1}""", null)]
    public void Find_NamesTheFirstDuplicatedField(string json, string? path)
    {
        Assert.Equal(path, JsonDuplicates.Find(Encoding.UTF8.GetBytes(json)));
    }
}
