using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Access;

/// <summary>One admin request of the access matrix.</summary>
public sealed record AccessRequest(HttpMethod Method, string Path, object? Body);

/// <summary>
/// The ids a case's request names. Real: fresh objects of organization A made with the master key. Missing: ids of the
/// same shape that name nothing, so a test can compare another organization's ids with ids that do not exist.
/// </summary>
public sealed class CaseIds(AccessWorld world, bool missing)
{
    private readonly List<string> _used = [];

    /// <summary>The ids handed out, in order.</summary>
    public IReadOnlyList<string> Used => _used;

    public AccessWorld World => world;

    public string Org => Use(missing ? AdminApi.NewId("org") : world.OrgA);

    public async Task<string> TeamAsync() => Use(missing ? AdminApi.NewId("team") : await world.NewTeamAsync());

    public async Task<string> UserAsync() => Use(missing ? AdminApi.NewId("user") : await world.NewUserAsync());

    public async Task<string> CustomerAsync() => Use(missing ? AdminApi.NewId("cust") : await world.NewCustomerAsync());

    public async Task<string> KeyAsync(Caller? owner = null) =>
        Use(missing ? "sk-" + Guid.NewGuid().ToString("N") : (await world.NewKeyAsync(owner)).Key);

    /// <summary>The user id of one of the world's callers (a fresh unknown id when missing).</summary>
    public string UserOf(Caller caller) => Use(missing ? AdminApi.NewId("user") : world.UserIds[caller]);

    /// <summary>A new id for an object the request creates (never one of A's).</summary>
    public static string Fresh(string prefix) => AdminApi.NewId(prefix);

    private string Use(string id)
    {
        _used.Add(id);
        return id;
    }
}

/// <summary>
/// A row of the access matrix: the route it calls, how to build the request, the callers it must serve (abbreviated:
/// M PA PV OA DEV AUD FIN TA CUS OUT), and what the outsider (org admin of B) gets when not served.
/// Every other caller gets 403.
/// </summary>
public sealed record AccessCase(string Name, string Method, string Route, Func<CaseIds, Task<AccessRequest>> Build, string Allowed, int Outsider = 404)
{
    private static readonly Dictionary<string, Caller> Abbreviations = new()
    {
        ["M"] = Caller.Master, ["PA"] = Caller.ProxyAdmin, ["PV"] = Caller.ProxyViewer, ["OA"] = Caller.OrgAdmin,
        ["DEV"] = Caller.Developer, ["AUD"] = Caller.Auditor, ["FIN"] = Caller.Finance, ["TA"] = Caller.TeamAdmin,
        ["CUS"] = Caller.Custom, ["OUT"] = Caller.Outsider,
    };

    /// <summary>The status <paramref name="caller"/> must get.</summary>
    public int Expected(Caller caller)
    {
        var allowed = Allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => Abbreviations[a]).ToHashSet();
        if (allowed.Contains(caller)) return 200;
        return caller == Caller.Outsider ? Outsider : 403;
    }

    public override string ToString() => Name;
}
