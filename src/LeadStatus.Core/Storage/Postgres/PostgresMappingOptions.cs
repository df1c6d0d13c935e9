using System.ComponentModel.DataAnnotations;

namespace LeadStatus;

/// <summary>
/// Where the library's own tables live and how the host's tables and columns are named in PostgreSQL.
/// </summary>
/// <remarks>
/// Every name is validated as an SQL identifier (<c>^[A-Za-z_][A-Za-z0-9_$]{0,62}$</c>; table names may be
/// schema-qualified as <c>schema.table</c>) and always quoted, never concatenated raw.
/// The defaults match the reference host schema: <c>leads(id, business_id, name, status)</c>,
/// <c>lead_status_history(business_id, lead_id, old_status, new_status, source, confidence, reason, created_at)</c>
/// and <c>lead_statuses(business_id, status_id, label, aliases)</c>.
/// </remarks>
public sealed class PostgresMappingOptions
{
    internal const string IdentifierPattern = "^[A-Za-z_][A-Za-z0-9_$]{0,62}$";
    internal const string TablePattern = "^[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$";

    /// <summary>Gets or sets the schema of the library-owned tables (<c>lead_status_events</c>, <c>lead_status_outbox</c>).</summary>
    /// <value>The default value is <c>public</c>.</value>
    [Required, RegularExpression(IdentifierPattern)]
    public string Schema { get; set; } = "public";

    /// <summary>
    /// Gets or sets the number of hash partitions, by <c>business_id</c>, of <c>lead_status_events</c> and <c>lead_status_outbox</c>;
    /// 0 keeps them plain tables. Read when <c>EnsureLeadStatusSchemaAsync</c> creates the schema, and checked against the database on
    /// every later call: a schema created the other way (plain tables with a number here, partitioned tables with 0 or another number)
    /// fails with an <see cref="InvalidOperationException"/> naming this option and what the database has. Converting an existing
    /// schema is a data migration (docs/SCALING.md), never done implicitly.
    /// </summary>
    /// <value>The default value is 0 (plain tables).</value>
    [Range(0, MaxEventPartitions)]
    public int EventPartitions { get; set; } = DefaultEventPartitions;

    /// <summary>The most partitions <see cref="EventPartitions"/> accepts; planning time grows with the number of partitions.</summary>
    internal const int MaxEventPartitions = 1024;

    /// <summary>
    /// The initial value of <see cref="EventPartitions"/>: 0. Only the test suite changes it (<c>LEADSTATUS_TEST_PARTITIONS</c>), so that
    /// every PostgreSQL test, whichever way it builds its options, runs on the partitioned schema.
    /// </summary>
    internal static int DefaultEventPartitions { get; set; }

    /// <summary>Gets or sets the host's leads table.</summary>
    /// <value>The default value is <c>leads</c>.</value>
    [Required, RegularExpression(TablePattern)]
    public string LeadsTable { get; set; } = "leads";

    /// <summary>Gets or sets the leads table's id column (<c>bigint</c>).</summary>
    /// <value>The default value is <c>id</c>.</value>
    [Required, RegularExpression(IdentifierPattern)]
    public string LeadIdColumn { get; set; } = "id";

    /// <summary>Gets or sets the leads table's tenant column (<c>bigint</c>).</summary>
    /// <value>The default value is <c>business_id</c>.</value>
    [Required, RegularExpression(IdentifierPattern)]
    public string LeadBusinessIdColumn { get; set; } = "business_id";

    /// <summary>Gets or sets the leads table's name column (text, may be null).</summary>
    /// <value>The default value is <c>name</c>.</value>
    [Required, RegularExpression(IdentifierPattern)]
    public string LeadNameColumn { get; set; } = "name";

    /// <summary>Gets or sets the leads table's status column (text, holds a <see cref="LeadStatusDefinition.StatusId"/>).</summary>
    /// <value>The default value is <c>status</c>.</value>
    [Required, RegularExpression(IdentifierPattern)]
    public string LeadStatusColumn { get; set; } = "status";

    /// <summary>Gets or sets the host's status history table, with the columns <c>business_id, lead_id, old_status, new_status, source, confidence, reason, created_at</c>.</summary>
    /// <value>The default value is <c>lead_status_history</c>.</value>
    [Required, RegularExpression(TablePattern)]
    public string HistoryTable { get; set; } = "lead_status_history";

    /// <summary>Gets or sets the host's status catalog table, with the columns <c>business_id, status_id, label, aliases text[]</c>, read by <c>UsePostgresStatusCatalog()</c>.</summary>
    /// <value>The default value is <c>lead_statuses</c>.</value>
    [Required, RegularExpression(TablePattern)]
    public string StatusesTable { get; set; } = "lead_statuses";

    /// <summary>
    /// Gets or sets whether the host's start-up verifies this mapping: a hosted check registered by <c>UsePostgres(...)</c> fails
    /// start-up when a mapped table or column is missing, has an unusable type, or the role lacks a privilege on it, with a message
    /// naming the option and what the database has. <c>EnsureLeadStatusSchemaAsync</c> verifies the mapping whatever this says.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool VerifyOnStart { get; set; } = true;
}
