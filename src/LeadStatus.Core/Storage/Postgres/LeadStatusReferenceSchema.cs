using Npgsql;

namespace LeadStatus;

/// <summary>
/// The reference host schema — <c>leads</c>, <c>lead_status_history</c> and <c>lead_statuses</c> with the default mapping —
/// for samples and tests. A real host owns these tables and maps its own names through <see cref="PostgresMappingOptions"/>.
/// </summary>
public static class LeadStatusReferenceSchema
{
    /// <summary>The DDL of the reference host tables, created in the connection's current schema if missing.</summary>
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS leads (
            id          bigint NOT NULL,
            business_id bigint NOT NULL,
            name        text   NULL,
            status      text   NULL,
            PRIMARY KEY (business_id, id)
        );
        CREATE TABLE IF NOT EXISTS lead_status_history (
            id          bigint GENERATED ALWAYS AS IDENTITY,
            business_id bigint           NOT NULL,
            lead_id     bigint           NOT NULL,
            old_status  text             NULL,
            new_status  text             NOT NULL,
            source      text             NOT NULL,
            confidence  double precision NOT NULL,
            reason      text             NULL,
            created_at  timestamptz      NOT NULL,
            PRIMARY KEY (business_id, id)
        );
        CREATE TABLE IF NOT EXISTS lead_statuses (
            business_id bigint NOT NULL,
            status_id   text   NOT NULL,
            label       text   NOT NULL,
            aliases     text[] NULL,
            PRIMARY KEY (business_id, status_id)
        );
        """;

    /// <summary>Creates the reference host tables if they do not exist. For samples and tests, not for production hosts.</summary>
    /// <param name="dataSource">The database to create them in.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the tables exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public static async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var command = dataSource.CreateCommand(Ddl);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
