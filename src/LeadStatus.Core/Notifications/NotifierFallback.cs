namespace LeadStatus.Notifications;

/// <summary>
/// A fallback rule registered by <c>AddFallbackNotifier&lt;TFallback, TPrimary&gt;(afterFailures)</c>: <see cref="Fallback"/> is called for a
/// notification only once <see cref="Primary"/> has failed it <see cref="AfterFailures"/> times or given up on it, never when the
/// primary delivered it; once the fallback delivered it, the primary is not called again for it.
/// </summary>
internal sealed record NotifierFallback(Type Fallback, Type Primary, int AfterFailures);
