using Routero.FakeProvider;
using Routero.FakeProvider.Hosting;

if (!StandaloneArguments.TryParse(args, out var options))
{
    Console.Error.WriteLine(StandaloneArguments.Usage);
    return 2;
}

await using var server = await FakeProviderServer.StartAsync(options);
Console.WriteLine($"Routero fake provider listening on {server.BaseAddress}");
await ShutdownSignal.WaitAsync();
return 0;
