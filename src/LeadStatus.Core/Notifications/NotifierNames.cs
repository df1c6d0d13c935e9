namespace LeadStatus.Notifications;

/// <summary>
/// Names the registered notifiers for their per-notifier delivery state: the type's full name, with <c>#2</c>, <c>#3</c>, … for
/// further instances of one type in registration order. Keep the registration order stable across deployments.
/// </summary>
internal static class NotifierNames
{
    /// <summary>The longest name stored.</summary>
    public const int MaxLength = 200;

    public static string[] Of(IReadOnlyList<INotifier> notifiers)
    {
        var names = new string[notifiers.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < notifiers.Count; i++)
        {
            var type = notifiers[i].GetType();
            var name = type.FullName ?? type.Name;
            if (name.Length > MaxLength - 8)
            {
                name = name[..(MaxLength - 8)];
            }

            var count = seen[name] = seen.GetValueOrDefault(name) + 1;
            names[i] = count == 1 ? name : $"{name}#{count}";
        }

        return names;
    }
}
