using Microsoft.Extensions.Options;

namespace LeadStatus.Hosting;

/// <summary>Validates the data annotations of <see cref="LeadStatusOptions"/> and its nested options (source generated).</summary>
[OptionsValidator]
internal sealed partial class LeadStatusOptionsValidator : IValidateOptions<LeadStatusOptions>;
