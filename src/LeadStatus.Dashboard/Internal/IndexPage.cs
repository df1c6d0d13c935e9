namespace LeadStatus.Dashboard.Internal;

/// <summary>The businesses the user may see, each linking to its overview.</summary>
internal static class IndexPage
{
    public static Task WriteAsync(DashboardRequest request)
    {
        // Under "/leadstatus" the links need the last segment; under "/leadstatus/" they do not. Both stay relative.
        var path = request.Http.Request.Path.Value ?? string.Empty;
        var prefix = path.EndsWith('/') ? string.Empty : path[(path.LastIndexOf('/') + 1)..] + "/";
        var body = new Html();
        if (request.Businesses.Count == 0)
        {
            body.Raw("<p class=\"empty\">").Text(request.T["noBusinesses"]).Raw("</p>");
        }
        else
        {
            body.Raw("<ul class=\"businesses\">");
            foreach (var id in request.Businesses.Order())
            {
                body.Raw("<li><a href=\"").Text(prefix).Raw("b/").Number(id).Raw("/overview\">").Text(request.BusinessName(id)).Raw("</a></li>");
            }

            body.Raw("</ul>");
        }

        return request.WritePageAsync(request.T["businesses"], prefix, null, null, body);
    }
}
