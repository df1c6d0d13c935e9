using Microsoft.Extensions.Options;

namespace LeadStatus.Notifications;

/// <summary>Validates the data annotations of <see cref="NotificationHealthCheckOptions"/> (source generated).</summary>
[OptionsValidator]
internal sealed partial class NotificationHealthCheckOptionsValidator : IValidateOptions<NotificationHealthCheckOptions>;
