using Microsoft.Extensions.Logging;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The host's logger factory seen through a minimum level: what the data source the library builds may log. Npgsql logs
/// every command at Information, which under ASP.NET Core's template defaults turns the host's log into an SQL dump.
/// </summary>
internal sealed class MinimumLevelLoggerFactory(ILoggerFactory inner, LogLevel minimum) : ILoggerFactory
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Filtered(inner.CreateLogger(categoryName), minimum);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Add logger providers to the host's logger factory.");

    /// <summary>The host's factory is the host's: nothing to dispose here.</summary>
    public void Dispose()
    {
    }

    private sealed class Filtered(ILogger inner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
