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
catch (System.Data.Common.DbException e)
{
    // Storage that cannot be opened at start (PostgreSQL unreachable, SQLite locked by another process past its busy
    // timeout): nothing was admitted, and a spend journal waits for the next start. A supervisor restarts the silo.
    Console.Error.WriteLine($"routero: the database could not be opened at start: {e.Message} Nothing was admitted; start the silo again once the database answers (an embedded silo's spend journal is kept for that start).");
    return 3;
}
