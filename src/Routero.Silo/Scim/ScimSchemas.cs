namespace Routero.Scim;

/// <summary>The URNs of the SCIM schemas and messages Routero speaks (RFC 7643, RFC 7644).</summary>
internal static class ScimSchemas
{
    /// <summary>The core User resource.</summary>
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    /// <summary>The core Group resource.</summary>
    public const string Group = "urn:ietf:params:scim:schemas:core:2.0:Group";
    /// <summary>The enterprise User extension: accepted in requests, not stored.</summary>
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /// <summary>A list answer.</summary>
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /// <summary>A PATCH request.</summary>
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /// <summary>An error answer.</summary>
    public const string Error = "urn:ietf:params:scim:api:messages:2.0:Error";
    /// <summary>The service provider configuration.</summary>
    public const string ServiceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    /// <summary>A resource type description.</summary>
    public const string ResourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    /// <summary>A schema description.</summary>
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    /// <summary>The media type of SCIM bodies.</summary>
    public const string MediaType = "application/scim+json";
}
