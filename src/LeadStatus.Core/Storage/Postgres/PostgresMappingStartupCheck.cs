using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Verifies the host-table mapping when the host starts (<see cref="PostgresMappingOptions.VerifyOnStart"/>), so a misconfigured
/// table or column fails start-up with a message naming the option, instead of failing every call later.
/// </summary>
internal sealed class PostgresMappingStartupCheck(IServiceProvider services, IOptions<LeadStatusOptions> options) : IHostedService
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
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
