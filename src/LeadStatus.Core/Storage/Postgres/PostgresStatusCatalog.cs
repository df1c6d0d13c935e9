using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Reads a business's statuses from the host's <c>lead_statuses(business_id, status_id, label, aliases text[])</c> table
/// (name from <see cref="PostgresMappingOptions.StatusesTable"/>). Every read goes to the database; the library's
/// <see cref="Labels.StatusCatalogCache"/> caches the compiled snapshot in front of it.
/// </summary>
internal sealed class PostgresStatusCatalog : IStatusCatalog
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _sql;

    /// <summary>Creates the catalog and builds its SQL once.</summary>
    public PostgresStatusCatalog(LeadStatusDataSource dataSource, IOptions<LeadStatusOptions> options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource.DataSource;
        var table = PgIdentifier.QuoteTable(options.Value.Postgres.StatusesTable, "LeadStatusOptions.Postgres.StatusesTable");
        _sql = $"SELECT status_id::text AS StatusId, label::text AS Label, aliases::text[] AS Aliases FROM {table} WHERE business_id = @BusinessId ORDER BY status_id";
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<LeadStatusDefinition>> GetStatusesAsync(long businessId, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(_sql, new { BusinessId = businessId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(static row => new LeadStatusDefinition(row.StatusId, row.Label, row.Aliases))];
    }

    /// <summary>One catalog row as Dapper reads it (settable properties: Npgsql reports <c>text[]</c> as <see cref="Array"/>, which no constructor matches).</summary>
    private sealed class Row
    {
        /// <summary>Gets or sets the status id.</summary>
        public string StatusId { get; set; } = string.Empty;

        /// <summary>Gets or sets the display label.</summary>
        public string Label { get; set; } = string.Empty;

        /// <summary>Gets or sets the aliases.</summary>
        public string[]? Aliases { get; set; }
    }
}
