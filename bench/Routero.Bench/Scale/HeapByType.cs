using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace Routero.Bench.Scale;

/// <summary>
/// The live managed objects of another .NET process (a silo held by <c>BENCH_SCALE_HOLD</c>, or
/// <c>footprint --hold-seconds</c>), by type: count and bytes, largest first. Attaches with ClrMD, suspends the
/// process while it walks, and marks from the GC roots itself, so garbage not yet collected is not counted
/// (unlike a plain heap walk) and the target is not forced into a full collection (unlike a gcdump).
/// With <c>--garbage N</c> it also lists the unreachable objects by type: taken under load, that is what requests
/// allocated since the last collection, a sample of the allocations per request by type.
/// </summary>
internal static class HeapByType
{
    public static int Run(Options options)
    {
        var pid = options.Int("pid", 0);
        if (pid <= 0) throw new ArgumentException("--pid is required.");
        var top = options.Int("top", 40);
        var strings = options.Int("strings", 0);
        var holdersOf = options.Optional("holders-of");
        var garbage = options.Int("garbage", 0);
        using var target = DataTarget.AttachToProcess(pid, suspend: true);
        var clr = target.ClrVersions.FirstOrDefault() ?? throw new InvalidOperationException($"Process {pid} runs no CLR.");
        // The DAC of this tool's own runtime: the target runs the same shared runtime (the symbol server is offline).
        var dac = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "libmscordaccore.so");
        using var runtime = File.Exists(dac) ? clr.CreateRuntime(dac, ignoreMismatch: true) : clr.CreateRuntime();
        var heap = runtime.Heap;

        var live = new HashSet<ulong>();
        var pending = new Stack<ulong>();
        foreach (var root in heap.EnumerateRoots())
            if (root.Object.Address != 0 && live.Add(root.Object.Address)) pending.Push(root.Object.Address);
        var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        var byShape = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        while (pending.TryPop(out var address))
        {
            var obj = heap.GetObject(address);
            if (!obj.IsValid || obj.Type is null) continue;
            var name = obj.Type.Name ?? "?";
            Tally(byType, name, obj.Size);
            if (strings > 0 && obj.Type.IsString) Tally(byShape, Shape(obj.AsString(64) ?? ""), obj.Size);
            foreach (var reference in obj.EnumerateReferenceAddresses(carefully: true))
            {
                if (reference == 0) continue;
                if (holdersOf is not null && heap.GetObject(reference) is { IsValid: true, Type.IsString: true } held && held.AsString(64) is { } text && text.StartsWith(holdersOf, StringComparison.Ordinal))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HOLDER {text}@{reference:x} held by {name}@{address:x}"));
                if (live.Add(reference)) pending.Push(reference);
            }
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"HEAP pid={pid} live_bytes={byType.Values.Sum(t => t.Bytes)} live_objects={byType.Values.Sum(t => t.Count)} types={byType.Count}"));
        PrintTop("      bytes    objects  type", byType, top);
        if (garbage > 0)
        {
            var dead = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
            var deadShapes = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
            var deadByGeneration = new Dictionary<Generation, long>();
            var deadOld = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
            foreach (var obj in heap.EnumerateObjects())
            {
                if (!obj.IsValid || obj.Type is null || obj.IsFree || live.Contains(obj.Address)) continue;
                var generation = heap.GetSegmentByAddress(obj.Address)?.GetGeneration(obj.Address) ?? Generation.Unknown;
                deadByGeneration[generation] = deadByGeneration.GetValueOrDefault(generation) + (long)obj.Size;
                var name = obj.Type.Name ?? "?";
                if (generation is Generation.Generation2 or Generation.Large) Tally(deadOld, name, obj.Size);
                Tally(dead, name, obj.Size);
                if (strings > 0 && obj.Type.IsString) Tally(deadShapes, Shape(obj.AsString(64) ?? ""), obj.Size);
            }
            Console.WriteLine(string.Create(inv, $"GARBAGE bytes={dead.Values.Sum(t => t.Bytes)} objects={dead.Values.Sum(t => t.Count)} types={dead.Count}"));
            Console.WriteLine("GARBAGE by generation: " + string.Join(", ", deadByGeneration.OrderBy(g => g.Key).Select(g => string.Create(inv, $"{g.Key} {g.Value}"))));
            PrintTop("      bytes    objects  type (unreachable)", dead, garbage);
            PrintTop("      bytes    objects  type (unreachable, in generation 2 or the large object heap)", deadOld, garbage);
            if (strings > 0)
            {
                PrintTop("      bytes    objects  unreachable string shape (digits as 9, first 24 characters)", deadShapes, strings);
            }
        }
        if (strings > 0)
        {
            PrintTop("      bytes    objects  string shape (digits as 9, first 24 characters)", byShape, strings);
        }
        return 0;
    }

    private static void Tally(Dictionary<string, (long Count, long Bytes)> totals, string key, ulong size)
    {
        var (count, bytes) = totals.GetValueOrDefault(key);
        totals[key] = (count + 1, bytes + (long)size);
    }

    // The header, then the top entries by bytes: "      bytes    objects  what".
    private static void PrintTop(string header, Dictionary<string, (long Count, long Bytes)> totals, int top)
    {
        Console.WriteLine(header);
        foreach (var (key, (count, bytes)) in totals.OrderByDescending(t => t.Value.Bytes).Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes,11} {count,10}  {key}"));
    }

    // What strings of one kind share: their first characters with every digit made a 9 ("key-9999", "sk-...9a9f").
    private static string Shape(string text)
    {
        var head = text.Length > 24 ? text[..24] : text;
        return string.Create(head.Length, head, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = char.IsAsciiDigit(source[i]) ? '9' : char.IsControl(source[i]) ? '.' : source[i];
        });
    }
}
