using Routero.Errors;

namespace Routero.Admin;

/// <summary>Turns an <see cref="ApiException"/> thrown by an admin handler into its OpenAI-shaped error answer.</summary>
internal sealed class AdminErrors : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ApiException e)
        {
            return new ApiErrorResult(e.Error);
        }
    }
}

/// <summary>An <see cref="ApiError"/> as a minimal-API result.</summary>
internal sealed class ApiErrorResult(ApiError error) : IResult
{
    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => error.WriteAsync(httpContext.Response);
}
