using System.Text.Json;
using Routero.Storage;

namespace Routero.Tenancy;

/// <summary>
/// An end customer, named by a request's <c>user</c> field. Customers are scoped to an organization
/// (<see cref="ScopedId"/>), so two tenants that both have a customer "alice" never share her budget.
/// </summary>
public sealed class CustomerGrain(string id, GrainContext context) : LevelGrain<CustomerRecord>(id, context)
{
    /// <summary>Separates the organization from the customer's own id in a grain id.</summary>
    public const char Separator = '|';

    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Customer;

    /// <inheritdoc />
    protected override bool AffectsKeyPolicies => false;

    /// <inheritdoc />
    protected override CustomerRecord Compact(CustomerRecord record) =>
        record with { OrganizationId = Context.Intern(record.OrganizationId), Alias = null, Metadata = null, CreatedBy = null };

    /// <summary>The grain (and storage) id of a customer within an organization.</summary>
    public static string ScopedId(string? organizationId, string customerId) => $"{organizationId}{Separator}{customerId}";

    /// <summary>
    /// Creates the customer on first sight, with the organization's default customer budget. Idempotent:
    /// a customer created meanwhile (by an admin or another silo) is simply loaded.
    /// </summary>
    public async Task EnsureExistsAsync(OrganizationRecord? organization, string customerId, CancellationToken ct = default)
    {
        if (Record is not null) return;
        var now = Context.Now;
        var record = new CustomerRecord
        {
            UserId = customerId,
            OrganizationId = organization?.OrganizationId,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = "auto",
            Limits = new Limits
            {
                MaxBudget = organization?.DefaultCustomerMaxBudget,
                BudgetDuration = organization?.DefaultCustomerBudgetDuration,
                BudgetAnchor = now,
            },
        };
        var changes = new ChangeSet();
        changes.Inserts.Add(new StoredEntity
        {
            Kind = EntityKind.Customer, Id = Id, OrganizationId = record.OrganizationId, Alias = customerId,
            Json = JsonSerializer.Serialize(record, GrainContext.RecordJson), CreatedAt = now, UpdatedAt = now,
        });
        await Context.Store.CommitAsync(changes, ct).ConfigureAwait(false);
        await RefreshAsync(ct).ConfigureAwait(false);
    }
}
