using System.Net;
using System.Text.Json.Nodes;

namespace Routero.Silo.Tests.Access;

/// <summary>
/// An org admin of B tries every route with A's ids: each answers exactly as for ids that do not exist, and no list
/// shows anything of A.
/// </summary>
public sealed class CrossOrganizationTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    public static TheoryData<string> NotFoundCases()
    {
        var rows = new TheoryData<string>();
        foreach (var c in AccessMatrix.Cases.Where(c => c.Expected(Caller.Outsider) == 404)) rows.Add(c.Name);
        return rows;
    }

    [Theory]
    [MemberData(nameof(NotFoundCases))]
    public async Task Route_WithAnotherOrganizationsIds_AnswersAsForMissingIds(string name)
    {
        var c = AccessMatrix.Cases.Single(x => x.Name == name);
        var (real, missing) = (new CaseIds(world, missing: false), new CaseIds(world, missing: true));
        var theirs = await SendAsync(await c.Build(real));
        var none = await SendAsync(await c.Build(missing));

        Assert.Equal(HttpStatusCode.NotFound, theirs.Status);
        Assert.Equal(none.Status, theirs.Status);
        Assert.Equal(Normalize(none.Text, missing.Used), Normalize(theirs.Text, real.Used));
    }

    [Theory]
    [InlineData("/organization/list")]
    [InlineData("/team/list")]
    [InlineData("/user/list")]
    [InlineData("/key/list?return_full_object=true")]
    public async Task List_AsAnotherOrganizationsAdmin_ShowsNothingOfIt(string path)
    {
        var (team, _) = await world.NewKeyAsync(Caller.Developer);

        var answer = await world.Api.SendAsync(HttpMethod.Get, path, null, bearer: world.KeyOf(Caller.Outsider));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.DoesNotContain(world.OrgA, answer.Text);
        Assert.DoesNotContain(team, answer.Text);
        Assert.DoesNotContain(world.UserIds[Caller.Developer], answer.Text);
    }

    [Fact]
    public async Task KeyList_AsDeveloper_ShowsOnlyOwnKeys()
    {
        var (_, own) = await world.NewKeyAsync(Caller.Developer);
        var (_, other) = await world.NewKeyAsync();

        var answer = await world.Api.SendAsync(HttpMethod.Get, "/key/list?return_full_object=true&size=100", null, bearer: world.KeyOf(Caller.Developer));

        var keys = answer.Ok().Object["keys"]!.AsArray().Select(k => k!["user_id"]?.GetValue<string>()).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, owner => Assert.Equal(world.UserIds[Caller.Developer], owner));
        Assert.DoesNotContain(Token(other), answer.Text);
        Assert.Contains(Token(own), answer.Text);
    }

    [Fact]
    public async Task TeamInfo_AsDeveloperMember_ShowsOnlyOwnKeysOfTheTeam()
    {
        var team = await world.NewTeamAsync();
        var own = (await world.Api.PostAsync("/key/generate", new { team_id = team, user_id = world.UserIds[Caller.Developer] })).Ok().Object;
        var other = (await world.Api.PostAsync("/key/generate", new { team_id = team })).Ok().Object;

        var answer = await world.Api.SendAsync(HttpMethod.Get, $"/team/info?team_id={team}", null, bearer: world.KeyOf(Caller.Developer));

        var tokens = answer.Ok().Object["keys"]!.AsArray().Select(k => k!["token"]!.GetValue<string>()).ToList();
        Assert.Equal([own["token"]!.GetValue<string>()], tokens);
        Assert.DoesNotContain(other["token"]!.GetValue<string>(), answer.Text);
    }

    [Fact]
    public async Task Update_AsOutsider_ChangesNothing()
    {
        var team = await world.NewTeamAsync();

        var answer = await world.Api.SendAsync(HttpMethod.Post, "/team/update", $$"""{"team_id":"{{team}}","team_alias":"taken"}""", bearer: world.KeyOf(Caller.Outsider));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        var info = (await world.Api.GetAsync($"/team/info?team_id={team}")).Ok().Object;
        Assert.Equal("team", info["team_info"]!["team_alias"]!.GetValue<string>());
    }

    private async Task<Admin.Answer> SendAsync(AccessRequest request) =>
        await world.Api.SendAsync(request.Method, request.Path, request.Body is null ? null : Admin.AdminApi.Json(request.Body), bearer: world.KeyOf(Caller.Outsider));

    /// <summary>The answer with the ids it names replaced by their position, so two answers about different ids compare.</summary>
    private static string Normalize(string text, IReadOnlyList<string> ids)
    {
        for (var i = 0; i < ids.Count; i++) text = text.Replace(ids[i], $"<id{i}>", StringComparison.Ordinal);
        return text;
    }

    private static string Token(string key) => Routero.Keys.KeyHash.Of(key).ToHex();
}
