using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Dashboard.Internal;

/// <summary>A business's status labels by id, from the host's catalog; an id without a label shows as itself.</summary>
internal sealed class StatusLabels
{
    private readonly Dictionary<string, string> _labels;

    private StatusLabels(Dictionary<string, string> labels) => _labels = labels;

    public static async Task<StatusLabels> LoadAsync(DashboardRequest request, long businessId)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Http.RequestServices.GetService<IStatusCatalog>() is { } catalog)
        {
            foreach (var status in await catalog.GetStatusesAsync(businessId, request.Aborted).ConfigureAwait(false))
            {
                labels[status.StatusId] = status.Label;
            }
        }

        return new StatusLabels(labels);
    }

    public string Name(string? statusId) => statusId is null ? "—" : _labels.TryGetValue(statusId, out var label) ? label : statusId;
}
