using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Routero.Cluster.Tests.Infrastructure;

/// <summary>
/// One silo as a separate OS process (so a test can SIGKILL it), started from the built silo executable with
/// its configuration in environment variables, listening on a free loopback port.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string MasterKey = "sk-cluster-master-0123456789";

    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private SiloProcess(Process process, string name, int port)
    {
        (_process, Name, Port) = (process, name, port);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Admin = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MasterKey);
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public HttpClient Admin { get; }
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts a silo and waits until it is ready (bounded).</summary>
    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        var chosen = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet", [SiloDll(), "--urls", $"http://127.0.0.1:{chosen}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        start.Environment["ROUTERO_MASTER_KEY"] = MasterKey;
        start.Environment["Routero__Cluster__SiloName"] = name;
        var process = Process.Start(start)!;
        var silo = new SiloProcess(process, name, chosen);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitReadyAsync();
        return silo;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Silo {Name} exited during start:\n{Output}");
            try
            {
                using var response = await probe.GetAsync("health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Silo {Name} did not become ready in 30 s:\n{Output}");
    }

    /// <summary>A client that calls the relay with a virtual key.</summary>
    public HttpClient ClientFor(string key, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = BaseAddress;
        client.Timeout = TimeSpan.FromSeconds(120);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>SIGKILL: the process dies at once, with no chance to return leases or flush anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: the silo drains and leaves; waits (bounded) for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { Kill(); }
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await StopAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The silo built for this configuration: tests/X/bin/Release/net10.0 → src/Routero.Silo/bin/Release/net10.0.</summary>
    private static string SiloDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Routero.sln"))) root = root.Parent;
        var dll = Path.Combine(root!.FullName, "src", "Routero.Silo", "bin", configuration, framework, "Routero.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the silo first (the test project references it).", dll);
    }
}
