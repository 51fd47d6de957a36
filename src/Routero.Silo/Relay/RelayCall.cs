using Routero.Admission;
using Routero.Policy;
using Routero.Requests;
using Routero.Routing;

namespace Routero.Relay;

/// <summary>Everything one relayed request carries from admission to settlement.</summary>
internal sealed class RelayCall(RelayKind kind, string requestId, KeyPolicy policy, ChatRequestInfo info, ModelGroup group)
{
    public RelayKind Kind { get; } = kind;
    public string RequestId { get; } = requestId;
    public KeyPolicy Policy { get; } = policy;
    public ChatRequestInfo Info { get; } = info;
    public ModelGroup Group { get; } = group;
    public string? CustomerId { get; set; }
    public string? Region { get; set; }
    public AdmissionTicket Ticket { get; set; } = null!;
    public CostEstimate Estimate { get; set; }
    public Deployment? Deployment { get; set; }

    /// <summary>The upstream <c>max_tokens</c> to impose: set only when the budget pays for less than the client or model would use.</summary>
    public int? CappedMaxTokens =>
        Kind == RelayKind.Chat && Ticket.GrantedOutputTokens < (Info.MaxTokens ?? Group.ReservationPrice.MaxOutputTokens) ? Ticket.GrantedOutputTokens : null;
}
