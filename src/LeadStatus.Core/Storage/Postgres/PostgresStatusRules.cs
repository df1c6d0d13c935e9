using System.Text.Json;
using Dapper;
using LeadStatus.Policy;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Stores each business's <see cref="LeadStatusRules"/> as JSON in the library's <c>lead_status_rules</c> table. Every read goes
/// to the database; the library's <see cref="StatusRulesCache"/> caches the compiled rules in front of it.
/// </summary>
internal sealed class PostgresStatusRules : IStatusRulesProvider, IStatusRulesWriter
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _selectSql;
    private readonly string _upsertSql;
    private readonly string _deleteSql;

    /// <summary>Creates the provider and builds its SQL once.</summary>
    public PostgresStatusRules(LeadStatusDataSource dataSource, IOptions<LeadStatusOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource.DataSource;
        _time = time;
        var table = PgIdentifier.Quote(options.Value.Postgres.Schema, "LeadStatusOptions.Postgres.Schema") + ".lead_status_rules";
        _selectSql = $"SELECT rules::text FROM {table} WHERE business_id = @BusinessId";
        _upsertSql = $"""
            INSERT INTO {table} (business_id, rules, updated_at) VALUES (@BusinessId, @Rules, @Now)
            ON CONFLICT (business_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at
            """;
        _deleteSql = $"DELETE FROM {table} WHERE business_id = @BusinessId";
    }

    /// <inheritdoc />
    public async ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var json = await connection.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition(_selectSql, new { BusinessId = businessId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, RulesJsonContext.Default.LeadStatusRules);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The stored rules of business {businessId} are not valid JSON for LeadStatusRules: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task WriteRulesAsync(long businessId, LeadStatusRules? rules, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        if (rules is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(_deleteSql, new { BusinessId = businessId }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return;
        }

        var parameters = new DynamicParameters();
        parameters.Add("BusinessId", businessId);
        parameters.Add("Now", _time.GetUtcNow());
        parameters.Add("Rules", new JsonbParameter(JsonSerializer.Serialize(rules, RulesJsonContext.Default.LeadStatusRules)));
        await connection.ExecuteAsync(new CommandDefinition(_upsertSql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Sends a JSON string as <c>jsonb</c>.</summary>
    private sealed class JsonbParameter(string json) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(System.Data.IDbCommand command, string name) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });
    }
}
