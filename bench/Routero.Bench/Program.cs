using Routero.Bench;
using Routero.Bench.Hop;
using Routero.Bench.Scale;
using Routero.Bench.Seeding;
using Routero.Bench.Streaming;

// bench/run.sh drives this tool; each command prints what the script reads, one line per fact.
var command = args.Length > 0 ? args[0] : "";
var options = Options.Parse(args.Skip(1));
try
{
    return command switch
    {
        "seed" => await TenantSeeder.RunAsync(options),
        "seed-scale" => await ScaleSeeder.RunAsync(options),
        "streams" => await StreamProbe.RunAsync(options),
        "hop" => await PlainHop.RunAsync(options),
        "footprint" => await GrainFootprint.RunAsync(options),
        "heap" => HeapByType.Run(options),
        _ => Usage(),
    };
}
catch (Exception e) when (e is ArgumentException or HttpRequestException or InvalidOperationException)
{
    Console.Error.WriteLine($"routero-bench {command}: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Routero.Bench seed --url URL --master KEY --out FILE
               Routero.Bench seed-scale --data DIR --orgs N --keys N --active N --out FILE
               Routero.Bench streams --url URL [--key KEY] --model M --count N [--interval-ms MS]
               Routero.Bench hop --port N --upstream URL
               Routero.Bench footprint [--orgs N] [--keys-per-org N] [--hold-seconds N]
               Routero.Bench heap --pid N [--top N] [--strings N] [--holders-of TEXT] [--garbage N]
        """);
    return 2;
}
