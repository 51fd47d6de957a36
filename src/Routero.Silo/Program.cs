using Routero.Hosting;

try
{
    var app = await SiloApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or FileNotFoundException)
{
    // Configuration mistakes end the process with the reason, not a stack trace.
    Console.Error.WriteLine($"routero: {e.Message}");
    return 2;
}
