namespace LeadStatus;

/// <summary>The formatted text of a notification, as returned by an <see cref="INotificationFormatter"/>.</summary>
/// <param name="Title">The title, for example <c>עדכון סטטוס ליד</c>.</param>
/// <param name="Body">The body.</param>
public readonly record struct NotificationText(string Title, string Body);
