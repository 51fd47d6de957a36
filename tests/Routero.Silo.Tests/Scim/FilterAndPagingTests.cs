using System.Net;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Scim;

/// <summary>Filters (eq, joined by and, case-insensitive names) and 1-based paging with a bounded count.</summary>
public sealed class FilterAndPagingTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Theory]
    [InlineData("userName eq")]
    [InlineData("userName")]
    [InlineData("userName co \"a\"")]
    [InlineData("userName sw \"a\"")]
    [InlineData("title pr")]
    [InlineData("userName eq \"a\" or userName eq \"b\"")]
    [InlineData("(userName eq \"a\")")]
    [InlineData("not (userName eq \"a\")")]
    [InlineData("userName eq \"unterminated")]
    [InlineData("userName eq bare")]
    [InlineData("userName eq 42")]
    [InlineData("userName zz \"a\"")]
    [InlineData("emails.value eq \"a@b.c\"")]
    [InlineData("emails[type eq \"work\"].value eq \"a@b.c\"")]
    [InlineData("userName eq \"a\" and")]
    public async Task MalformedOrUnsupportedFilter_Answers400InvalidFilter(string filter)
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var answer = await scim.GetAsync(ScimApi.Filter("Users", filter));

        answer.Fails(HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Theory]
    [InlineData("USERNAME EQ \"{0}\"")]
    [InlineData("UserName Eq \"{0}\"")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"{0}\"")]
    public async Task Filter_NamesAndOperatorsAreCaseInsensitive_AndUserNameValuesToo(string format)
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName);

        var answer = await scim.GetAsync(ScimApi.Filter("Users", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, userName.ToUpperInvariant())));

        Assert.Equal(id, Assert.Single(answer.Ok().Resources)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Filter_JoinedByAnd_MatchesOnlyWhenEveryComparisonDoes()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName);

        var both = await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{userName}\" and id eq \"{id}\""));
        var one = await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{userName}\" and id eq \"other\""));

        Assert.Equal(1, both.Ok().TotalResults);
        Assert.Equal(0, one.Ok().TotalResults);
    }

    [Fact]
    public async Task Filter_ByExternalId_IsCaseExact()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var external = "Ext-" + Guid.NewGuid().ToString("N");
        await scim.PostAsync("/Users", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{ScimApi.NewUserName()}}","externalId":"{{external}}"}""");

        var exact = await scim.GetAsync(ScimApi.Filter("Users", $"externalId eq \"{external}\""));
        var otherCase = await scim.GetAsync(ScimApi.Filter("Users", $"externalId eq \"{external.ToUpperInvariant()}\""));

        Assert.Equal(1, exact.Ok().TotalResults);
        Assert.Equal(0, otherCase.Ok().TotalResults);
    }

    [Fact]
    public async Task Paging_IsOneBased_StartIndexBelowOneReadsAsOne_AndTotalsCountEverything()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var ids = new List<string>();
        // Created at one (fake) instant, so listed by id: the userName prefixes p0..p4 keep creation order.
        for (var i = 0; i < 5; i++) ids.Add(await scim.CreateUserAsync(ScimApi.NewUserName($"p{i}")));

        var first = (await scim.GetAsync("/Users?startIndex=1&count=2")).Ok();
        var middle = (await scim.GetAsync("/Users?startIndex=3&count=2")).Ok();
        var last = (await scim.GetAsync("/Users?startIndex=5&count=2")).Ok();
        var beyond = (await scim.GetAsync("/Users?startIndex=9&count=2")).Ok();
        var zero = (await scim.GetAsync("/Users?startIndex=0&count=2")).Ok();
        var negative = (await scim.GetAsync("/Users?startIndex=-3&count=2")).Ok();

        Assert.Equal(ids[..2], Ids(first));
        Assert.Equal(ids[2..4], Ids(middle));
        Assert.Equal(ids[4..], Ids(last));
        Assert.Empty(Ids(beyond));
        Assert.All(new[] { first, middle, last, beyond }, a => Assert.Equal(5, a.TotalResults));
        Assert.Equal(3, middle.Object["startIndex"]!.GetValue<int>());
        Assert.Equal(2, middle.Object["itemsPerPage"]!.GetValue<int>());
        Assert.Equal(1, zero.Object["startIndex"]!.GetValue<int>());
        Assert.Equal(ids[..2], Ids(zero));
        Assert.Equal(1, negative.Object["startIndex"]!.GetValue<int>());
        Assert.Equal(ids[..2], Ids(negative));
    }

    [Theory]
    [InlineData("count=0")]
    [InlineData("count=-5")]
    public async Task CountZeroOrNegative_AnswersOnlyTheTotal(string query)
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        await scim.CreateUserAsync(ScimApi.NewUserName());
        await scim.CreateUserAsync(ScimApi.NewUserName());

        var answer = (await scim.GetAsync("/Users?" + query)).Ok();

        Assert.Equal(2, answer.TotalResults);
        Assert.Equal(0, answer.Object["itemsPerPage"]!.GetValue<int>());
        Assert.Empty(answer.Resources);
    }

    [Fact]
    public async Task CountAboveTheMaximum_IsBounded()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        for (var i = 0; i < 3; i++) await scim.CreateUserAsync(ScimApi.NewUserName());

        var answer = (await scim.GetAsync("/Users?count=99999999999")).Ok();

        Assert.Equal(3, answer.Resources.Count);
        var config = (await scim.GetAsync("/ServiceProviderConfig")).Ok().Object;
        Assert.Equal(100, config["filter"]!["maxResults"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("count=ten")]
    [InlineData("startIndex=1.5")]
    public async Task NonNumericPaging_Answers400InvalidValue(string query)
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        (await scim.GetAsync("/Users?" + query)).Fails(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task FilteredPaging_PagesTheMatches()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        await scim.CreateUserAsync(userName);

        var page = (await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{userName}\"", "&startIndex=2&count=10"))).Ok();

        Assert.Equal(1, page.TotalResults);
        Assert.Empty(page.Resources);
        Assert.Equal(2, page.Object["startIndex"]!.GetValue<int>());
    }

    [Fact]
    public async Task Groups_FilterByDisplayNameIsCaseInsensitive_AndByUnsupportedAttributeIs400()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var name = "Sales-" + Guid.NewGuid().ToString("N")[..6];
        var id = await scim.CreateGroupAsync(name);

        var found = await scim.GetAsync(ScimApi.Filter("Groups", $"DisplayName EQ \"{name.ToUpperInvariant()}\""));
        var unsupported = await scim.GetAsync(ScimApi.Filter("Groups", "members eq \"x\""));

        Assert.Equal(id, Assert.Single(found.Ok().Resources)!["id"]!.GetValue<string>());
        unsupported.Fails(HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Fact]
    public async Task Attributes_ReturnsOnlyTheAttributesAskedFor_AndTheIdAlways()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName);

        var user = (await scim.GetAsync($"/Users/{id}?attributes=userName,name.givenName")).Ok().Object;

        Assert.Equal(["schemas", "id", "userName", "name"], user.Select(p => p.Key));
        Assert.Equal(["givenName"], user["name"]!.AsObject().Select(p => p.Key));
    }

    private static List<string> Ids(ScimAnswer answer) => [.. answer.Resources.Select(r => r!["id"]!.GetValue<string>())];
}
