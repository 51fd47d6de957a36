using System.Globalization;

namespace Routero.FakeProvider.Hosting;

/// <summary>Command line of the standalone fake: <c>--port N [--api-key KEY]</c>.</summary>
internal static class StandaloneArguments
{
    public const string Usage = "usage: Routero.FakeProvider [--port N] [--api-key KEY]";

    public static bool TryParse(IReadOnlyList<string> args, out FakeProviderOptions options)
    {
        // Nobody reads captures of a standalone server; don't pay for them.
        options = new FakeProviderOptions { CaptureRequests = false };
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options = options with { Port = port };
                    i++;
                    break;
                case "--api-key" when !string.IsNullOrEmpty(value):
                    options = options with { RequiredApiKey = value };
                    i++;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
