using Routero.Scim;

namespace Routero.Silo.Tests.Scim;

/// <summary>The filter, path and token parsers, on the inputs providers send and the edge cases around them.</summary>
public sealed class ScimParsingTests
{
    [Fact]
    public void Filter_WithEscapesInTheString_ReadsTheValueAsJsonDoes()
    {
        var sut = ScimFilter.Parse("userName eq \"a\\\"b\\\\c\\u0041\"");

        Assert.Equal("a\"b\\cA", Assert.Single(sut).Value!.GetValue<string>());
    }

    [Fact]
    public void Filter_JoinedByAnd_ReadsEveryClause_WithoutTheCoreUrn()
    {
        var sut = ScimFilter.Parse("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\" AND externalId eq \"y\"");

        Assert.Equal([("userName", "x"), ("externalId", "y")], sut.Select(c => (c.Attribute, c.Value!.GetValue<string>())));
    }

    [Fact]
    public void Filter_WithAKeywordInsideAString_IsNotConfused()
    {
        var sut = ScimFilter.Parse("displayName eq \"sales and marketing (emea)\"");

        Assert.Equal("sales and marketing (emea)", Assert.Single(sut).Value!.GetValue<string>());
    }

    [Theory]
    [InlineData("active eq true", true)]
    [InlineData("active eq false", false)]
    public void Filter_ReadsBooleanValues(string text, bool expected)
    {
        Assert.Equal(expected, Assert.Single(ScimFilter.Parse(text)).Value!.GetValue<bool>());
    }

    [Fact]
    public void Path_WithAValueFilterAndASubAttribute_ReadsAllThree()
    {
        var sut = ScimPaths.Parse("emails[type eq \"work\"].value");

        Assert.Equal("emails", sut.Attribute);
        Assert.Equal(("type", "work"), (Assert.Single(sut.Filter!).Attribute, sut.Filter![0].Value!.GetValue<string>()));
        Assert.Equal("value", sut.SubAttribute);
        Assert.False(sut.IsExtension);
    }

    [Fact]
    public void Path_WithABracketInsideTheFilterString_ReadsTheWholeValue()
    {
        var sut = ScimPaths.Parse("members[value eq \"a]b\"]");

        Assert.Equal("a]b", Assert.Single(sut.Filter!).Value!.GetValue<string>());
        Assert.Null(sut.SubAttribute);
    }

    [Theory]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", "name", "givenName")]
    [InlineData("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:active", "active", null)]
    [InlineData("name.familyName", "name", "familyName")]
    public void Path_WithTheCoreUrn_IsTheCoreAttribute(string text, string attribute, string? sub)
    {
        var sut = ScimPaths.Parse(text);

        Assert.Equal((attribute, sub, false), (sut.Attribute, sut.SubAttribute, sut.IsExtension));
    }

    [Fact]
    public void Path_IntoTheEnterpriseExtension_IsAnExtension()
    {
        Assert.True(ScimPaths.Parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager").IsExtension);
    }

    [Theory]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("two words")]
    [InlineData("name..givenName")]
    [InlineData("emails[type co \"w\"].value")]
    [InlineData("9lives")]
    public void Path_ThatDoesNotParse_IsInvalidPath(string text)
    {
        var error = Assert.Throws<ScimException>(() => ScimPaths.Parse(text));

        Assert.Equal((400, "invalidPath"), (error.Status, error.ScimType));
    }

    [Theory]
    [InlineData("org-1")]
    [InlineData("org.a_b:c@d-e")]
    public void Token_NamesItsOrganization_AndMatchesOnlyItsOwnHash(string orgId)
    {
        var token = ScimToken.Mint(orgId);
        var other = ScimToken.Mint(orgId);

        Assert.Equal(orgId, ScimToken.OrganizationOf(token));
        Assert.True(ScimToken.Matches(token, ScimToken.Hash(token)));
        Assert.False(ScimToken.Matches(token, ScimToken.Hash(other)));
        Assert.False(ScimToken.Matches(token, null));
    }

    [Theory]
    [InlineData("sk-abc")]
    [InlineData("scim-")]
    [InlineData("scim-.secret")]
    [InlineData("scim-b3Jn.")]
    [InlineData("scim-!!!.secret")]
    public void Token_ThatIsNotShapedLikeOne_NamesNoOrganization(string token)
    {
        Assert.Null(ScimToken.OrganizationOf(token));
    }
}
