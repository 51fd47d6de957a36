namespace Routero.Silo.Tests.Infrastructure;

/// <summary>One silo shared by the tests of a class (each test makes its own tenants, so they do not collide).</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public SiloUnderTest Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await SiloUnderTest.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
