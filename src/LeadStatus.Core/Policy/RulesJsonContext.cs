using System.Text.Json.Serialization;

namespace LeadStatus.Policy;

/// <summary>The JSON shape of <see cref="LeadStatusRules"/> in <c>lead_status_rules.rules</c> (source-generated, camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LeadStatusRules))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;
