using System.Globalization;

namespace LeadStatus.Dashboard.Internal;

/// <summary>Server-rendered SVG charts: no script, no external asset.</summary>
internal static class Charts
{
    private const int Width = 600;
    private const int Height = 160;
    private const int Bottom = 20;

    /// <summary>Applied changes per day, one bar a day.</summary>
    public static string Velocity(IReadOnlyList<DailyCount> counted, string caption)
    {
        // Days without a change are bars of zero, so the chart's width is time.
        var days = new List<DailyCount>();
        if (counted.Count > 0)
        {
            var byDay = counted.ToDictionary(d => d.Day, d => d.Count);
            for (var day = counted.Min(d => d.Day); day <= counted.Max(d => d.Day) && days.Count < 400; day = day.AddDays(1))
            {
                days.Add(new DailyCount(day, byDay.GetValueOrDefault(day)));
            }
        }

        var html = new Html().Raw("<figure class=\"chart velocity\"><svg viewBox=\"0 0 600 160\" role=\"img\" aria-label=\"").Text(caption).Raw("\">");
        if (days.Count > 0)
        {
            var max = Math.Max(1, days.Max(d => d.Count));
            var slot = (double)Width / days.Count;
            for (var i = 0; i < days.Count; i++)
            {
                var h = (Height - Bottom - 10) * days[i].Count / (double)max;
                html.Raw("<rect class=\"bar\" x=\"").Raw(F(i * slot + slot * 0.15)).Raw("\" y=\"").Raw(F(Height - Bottom - h))
                    .Raw("\" width=\"").Raw(F(slot * 0.7)).Raw("\" height=\"").Raw(F(h)).Raw("\"><title>")
                    .Text(days[i].Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw(": ").Number(days[i].Count).Raw("</title></rect>");
            }

            html.Raw("<text x=\"2\" y=\"156\">").Text(days[0].Day.ToString("MM-dd", CultureInfo.InvariantCulture)).Raw("</text>")
                .Raw("<text x=\"598\" y=\"156\" text-anchor=\"end\">").Text(days[^1].Day.ToString("MM-dd", CultureInfo.InvariantCulture)).Raw("</text>")
                .Raw("<text x=\"2\" y=\"12\">max ").Number(max).Raw("</text>");
        }

        return html.Raw("</svg></figure>").ToString();
    }

    /// <summary>Decisions per confidence bin (blue) and, over them, the correct share of the judged ones (green).</summary>
    public static string Histogram(IReadOnlyList<ConfidenceBin> bins, string caption)
    {
        var html = new Html().Raw("<figure class=\"chart histogram\"><svg viewBox=\"0 0 600 160\" role=\"img\" aria-label=\"").Text(caption).Raw("\">");
        if (bins.Count > 0)
        {
            var max = Math.Max(1, bins.Max(b => b.Count));
            var slot = (double)Width / bins.Count;
            for (var i = 0; i < bins.Count; i++)
            {
                var bin = bins[i];
                var h = (Height - Bottom - 10) * bin.Count / (double)max;
                var x = i * slot + slot * 0.1;
                html.Raw("<rect class=\"bar\" x=\"").Raw(F(x)).Raw("\" y=\"").Raw(F(Height - Bottom - h)).Raw("\" width=\"").Raw(F(slot * 0.8))
                    .Raw("\" height=\"").Raw(F(h)).Raw("\"><title>").Raw(F(bin.Lower)).Raw("–").Raw(F(bin.Upper)).Raw(": ").Number(bin.Count).Raw("</title></rect>");
                if (bin.Judged > 0)
                {
                    var a = h * bin.Correct / bin.Judged;
                    html.Raw("<rect class=\"acc\" x=\"").Raw(F(x + slot * 0.25)).Raw("\" y=\"").Raw(F(Height - Bottom - a)).Raw("\" width=\"").Raw(F(slot * 0.3))
                        .Raw("\" height=\"").Raw(F(a)).Raw("\"><title>").Raw(Html.Percent((double)bin.Correct / bin.Judged)).Raw("</title></rect>");
                }

                html.Raw("<text x=\"").Raw(F(x)).Raw("\" y=\"156\">").Raw(F(bin.Lower)).Raw("</text>");
            }
        }

        return html.Raw("</svg></figure>").ToString();
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
