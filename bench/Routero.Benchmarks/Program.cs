using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Routero.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
