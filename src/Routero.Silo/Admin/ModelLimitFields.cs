using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// A key's per-model limits. Routero's <c>model_limits</c> (<c>{model: {rpm_limit, tpm_limit, max_budget}}</c>)
/// replaces the whole map; LiteLLM's <c>model_rpm_limit</c>, <c>model_tpm_limit</c> (<c>{model: n}</c>) and
/// <c>model_max_budget</c> (<c>{model: {max_budget | budget_limit}}</c>) are merged into it.
/// </summary>
internal static class ModelLimitFields
{
    /// <summary>The field names.</summary>
    public static readonly string[] Names = ["model_limits", "model_rpm_limit", "model_tpm_limit", "model_max_budget"];

    private static readonly FrozenSet<string> LimitNames = Fields.Of(["rpm_limit", "tpm_limit", "max_budget"]);
    private static readonly FrozenSet<string> BudgetNames = Fields.Of(["max_budget", "budget_limit"]);

    /// <summary>The per-model limits after the fields present in <paramref name="r"/> are applied.</summary>
    public static IReadOnlyDictionary<string, ModelLimit> Apply(FieldReader r, IReadOnlyDictionary<string, ModelLimit> current)
    {
        var limits = r.Has("model_limits") ? ReadModelLimits(r) : new Dictionary<string, ModelLimit>(current, StringComparer.Ordinal);
        Merge(r, "model_rpm_limit", limits, (m, name, limit) => limit with { RpmLimit = m.PositiveInt(name) });
        Merge(r, "model_tpm_limit", limits, (m, name, limit) => limit with { TpmLimit = m.PositiveLong(name) });
        Merge(r, "model_max_budget", limits, (m, name, limit) => limit with { MaxBudget = Budget(m.Nested(name, m.Object(name) ?? [])) });
        return limits;
    }

    private static Dictionary<string, ModelLimit> ReadModelLimits(FieldReader r)
    {
        var limits = new Dictionary<string, ModelLimit>(StringComparer.Ordinal);
        var map = r.Nested("model_limits", r.Object("model_limits") ?? []);
        foreach (var (model, _) in map.Fields)
        {
            var m = map.Nested(model, map.Object(model) ?? throw map.Bad(model, "must be an object of rpm_limit, tpm_limit, max_budget"));
            m.RejectUnknown(LimitNames);
            limits[model] = new ModelLimit { RpmLimit = m.PositiveInt("rpm_limit"), TpmLimit = m.PositiveLong("tpm_limit"), MaxBudget = m.Money("max_budget") };
        }
        return limits;
    }

    /// <summary>Applies one LiteLLM per-model field, <c>{model: value}</c>, to the map.</summary>
    private static void Merge(FieldReader r, string field, Dictionary<string, ModelLimit> limits, Func<FieldReader, string, ModelLimit, ModelLimit> set)
    {
        if (r.Object(field) is not { } map) return;
        var m = r.Nested(field, map);
        foreach (var (model, _) in map) limits[model] = set(m, model, limits.GetValueOrDefault(model) ?? new ModelLimit());
    }

    private static decimal? Budget(FieldReader m)
    {
        // LiteLLM's time_period has no counterpart: a model's budget runs in the key's budget window.
        m.RejectUnknown(BudgetNames);
        return m.Money("max_budget") ?? m.Money("budget_limit");
    }
}
