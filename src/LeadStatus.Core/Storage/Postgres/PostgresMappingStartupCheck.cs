using LeadStatus.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Verifies the host-table mapping when the host starts (<see cref="PostgresMappingOptions.VerifyOnStart"/>), so a misconfigured
/// table or column fails start-up with a message naming the option, instead of failing every call later. A database that cannot
/// be reached at start-up is logged (event 3102) and does not stop the host: that is an outage, not a misconfiguration.
/// </summary>
internal sealed class PostgresMappingStartupCheck(IServiceProvider services, IOptions<LeadStatusOptions> options, ILoggerFactory? loggerFactory = null)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mapping = options.Value.Postgres;
        if (!mapping.VerifyOnStart || services.GetService<ILeadStatusStore>() is not PostgresLeadStatusStore)
        {
            return;
        }

        try
        {
            await PostgresMappingVerifier.VerifyAsync(
                services.GetRequiredService<LeadStatusDataSource>().DataSource, mapping,
                includeStatuses: services.GetService<IStatusCatalog>() is PostgresStatusCatalog, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                ex.Message + " (Checked at start-up; fix the mapping, or set LeadStatusOptions.Postgres.VerifyOnStart = false to skip the check.)", ex);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            Log.MappingNotVerified((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category), ex);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
