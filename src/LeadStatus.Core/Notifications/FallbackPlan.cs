namespace LeadStatus.Notifications;

/// <summary>The registered fallback rules resolved against the notifiers' order: which notifier falls back for which.</summary>
internal sealed class FallbackPlan
{
    private readonly int?[] _primaryOf;
    private readonly int[] _afterFailures;

    public FallbackPlan(IReadOnlyList<INotifier> notifiers, IEnumerable<NotifierFallback> rules)
    {
        _primaryOf = new int?[notifiers.Count];
        _afterFailures = new int[notifiers.Count];
        foreach (var rule in rules)
        {
            var fallback = IndexOf(notifiers, rule.Fallback);
            var primary = IndexOf(notifiers, rule.Primary);
            if (fallback is { } f && primary is { } p && f != p)
            {
                _primaryOf[f] = p;
                _afterFailures[f] = rule.AfterFailures;
            }
        }
    }

    /// <summary>
    /// Decides whether notifier <paramref name="index"/> is left out of this attempt, updating its state when it is: a fallback whose
    /// primary delivered is not needed (delivered without a call); one whose primary has not failed often enough waits for it; a
    /// primary whose fallback delivered is not needed any more.
    /// </summary>
    public bool Skip(int index, NotifierDelivery[] states)
    {
        if (_primaryOf[index] is { } p)
        {
            var primary = states[p];
            if (primary.State == OutboxState.Delivered)
            {
                states[index] = states[index] with { State = OutboxState.Delivered };
                return true;
            }

            if (primary.State == OutboxState.Pending && primary.Attempts < _afterFailures[index])
            {
                if (states[index].State == OutboxState.Pending)
                {
                    states[index] = states[index] with { NextAttemptAt = primary.NextAttemptAt };
                }

                return true;
            }
        }

        return FallbackDelivered(index, states);
    }

    /// <summary>Gets the states that decide the row: a primary whose fallback delivered counts as delivered.</summary>
    public NotifierDelivery[] Effective(NotifierDelivery[] states)
    {
        var effective = (NotifierDelivery[])states.Clone();
        for (var i = 0; i < effective.Length; i++)
        {
            if (effective[i].State != OutboxState.Delivered && FallbackDelivered(i, states))
            {
                effective[i] = effective[i] with { State = OutboxState.Delivered };
            }
        }

        return effective;
    }

    private bool FallbackDelivered(int primary, NotifierDelivery[] states)
    {
        for (var j = 0; j < _primaryOf.Length; j++)
        {
            if (_primaryOf[j] == primary && states[j].DeliveredAt is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static int? IndexOf(IReadOnlyList<INotifier> notifiers, Type type)
    {
        for (var i = 0; i < notifiers.Count; i++)
        {
            if (notifiers[i].GetType() == type)
            {
                return i;
            }
        }

        return null;
    }
}
