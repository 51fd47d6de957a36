namespace Routero.Storage.Sqlite.Migrations;

/// <summary>
/// The spend journal's mark: which journal file the silo writes through (its id, from the file's header) and the
/// sequence number of the last journal entry that a committed spend batch holds. One row, set in each batch's
/// transaction, so after a crash the journal entries above the mark are exactly those the store lacks.
/// </summary>
internal static class V0007SpendJournal
{
    public const string Sql = """
        CREATE TABLE spend_journal (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            journal_id TEXT    NOT NULL,
            sequence   INTEGER NOT NULL
        );
        """;
}
