namespace Routero.FakeProvider.Wire;

/// <summary>Refusals shared by every endpoint, worded as OpenAI words them.</summary>
internal static class RequestErrors
{
    public static readonly OpenAiError UnparsableJson = OpenAiError.InvalidRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. "
        + "The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");

    public static readonly OpenAiError MissingModel = OpenAiError.InvalidRequest("you must provide a model parameter");
}
