using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The <see cref="NpgsqlDataSource"/> the library uses, with who owns it: one built by <c>UsePostgres(connectionString)</c>
/// is disposed with the container; one passed to <c>UsePostgres(dataSource)</c> belongs to the host and is left open.
/// </summary>
internal sealed class LeadStatusDataSource : IAsyncDisposable, IDisposable
{
    private readonly bool _owned;

    /// <summary>Wraps a data source.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="owned">Whether disposing this wrapper disposes the data source.</param>
    public LeadStatusDataSource(NpgsqlDataSource dataSource, bool owned)
    {
        DataSource = dataSource;
        _owned = owned;
    }

    /// <summary>Gets the data source.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _owned ? DataSource.DisposeAsync() : ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_owned)
        {
            DataSource.Dispose();
        }
    }
}
