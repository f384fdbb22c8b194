using Microsoft.EntityFrameworkCore;
using Xunit;

namespace PapersPlatform.Testing;

/// <summary>
/// One <see cref="ConsumerHost{TContext}"/> for a test class (xunit's class fixture): started once,
/// its tests use papers and users of their own.
/// </summary>
public abstract class ConsumerFixture<TContext> : IAsyncLifetime where TContext : DbContext
{
    public ConsumerHost<TContext> Consumers { get; private set; } = null!;

    /// <summary>Starts the host with the consumers under test (<see cref="ConsumerHost{TContext}.StartAsync"/>).</summary>
    protected abstract Task<ConsumerHost<TContext>> StartAsync();

    public async Task InitializeAsync() => Consumers = await StartAsync();

    public async Task DisposeAsync() => await Consumers.DisposeAsync();
}
