using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Routero.Access;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Access;

/// <summary>For every admin route and every role: served, refused (403), or not even seen (404).</summary>
public sealed class AccessMatrixTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    public static TheoryData<string, Caller> Rows()
    {
        var rows = new TheoryData<string, Caller>();
        foreach (var c in AccessMatrix.Cases)
            foreach (var caller in Enum.GetValues<Caller>())
                rows.Add(c.Name, caller);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Route_AsRole_AnswersAsTheMatrixSays(string name, Caller caller)
    {
        var c = AccessMatrix.Cases.Single(x => x.Name == name);
        var request = await c.Build(new CaseIds(world, missing: false));

        var answer = await SendAsync(request, caller);

        var expected = c.Expected(caller);
        Assert.True((int)answer.Status == expected, $"{name} as {caller}: expected {expected}, got {(int)answer.Status}: {answer.Text}");
        if (expected == 403) Assert.Equal("permission_error", answer.ErrorType);
        if (expected == 404) Assert.Equal("not_found_error", answer.ErrorType);
    }

    [Fact]
    public void Matrix_CoversEveryAdminRoute()
    {
        var routes = world.Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AdminRouteMarker>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var covered = AccessMatrix.Cases.Select(c => $"{c.Method} {c.Route}").ToHashSet();

        Assert.Empty(routes.Except(covered));
        Assert.Empty(covered.Except(routes));
    }

    [Fact]
    public void EveryAdminRoute_DeclaresAPermission()
    {
        var admin = world.Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<AdminRouteMarker>() is not null).ToList();

        Assert.NotEmpty(admin);
        Assert.All(admin, e => Assert.NotNull(e.Metadata.GetMetadata<RequiresPermission>()));
    }

    internal async Task<Answer> SendAsync(AccessRequest request, Caller caller) =>
        await world.Api.SendAsync(request.Method, request.Path, request.Body is null ? null : AdminApi.Json(request.Body), bearer: world.KeyOf(caller));
}
